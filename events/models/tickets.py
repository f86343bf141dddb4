from django.db import models

from eventyay.db import SoftDeleteModel, finite_checks


class Ticket(SoftDeleteModel):
    class Type(models.TextChoices):
        FREE = "free", "Free"
        PAID = "paid", "Paid"
        DONATION = "donation", "Donation"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tickets")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, null=True)
    type = models.CharField(max_length=32, help_text="free, paid or donation.")
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    min_price = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    max_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True, default=100)
    is_description_visible = models.BooleanField(default=False)
    position = models.IntegerField(null=True, blank=True, default=1)
    is_fee_absorbed = models.BooleanField(default=False)
    sales_starts_at = models.DateTimeField()
    sales_ends_at = models.DateTimeField()
    is_hidden = models.BooleanField(default=False)
    min_order = models.PositiveIntegerField(null=True, blank=True, default=1)
    max_order = models.PositiveIntegerField(null=True, blank=True, default=10)
    is_checkin_restricted = models.BooleanField(default=True)
    auto_checkin_enabled = models.BooleanField(default=False)
    form_id = models.CharField(max_length=64, blank=True, null=True)
    badge_id = models.CharField(max_length=64, blank=True, null=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], condition=models.Q(deleted_at__isnull=True), name="unique_live_ticket_name"
            ),
            *finite_checks("price", "min_price", "max_price", limit=10**10),
        ]

    def __str__(self):
        return self.name
