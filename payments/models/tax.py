"""The event's tax (one per event): what the order pages show and what pricing adds or includes."""

from django.db import models
from django.db.models import Q


class Tax(models.Model):
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="tax")
    name = models.CharField(max_length=255)
    rate = models.DecimalField(max_digits=5, decimal_places=2, help_text="Percent, 0 to 100.")
    tax_id = models.CharField(max_length=255, blank=True, default="")
    is_tax_included_in_price = models.BooleanField(default=False)
    should_send_invoice = models.BooleanField(default=False)
    is_invoice_sent = models.BooleanField(default=False)
    registered_company = models.CharField(max_length=255, blank=True, default="")
    contact_name = models.CharField(max_length=255, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=64, blank=True, default="")
    address = models.CharField(max_length=1024, blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="")
    state = models.CharField(max_length=255, blank=True, default="")
    zip = models.CharField(max_length=64, blank=True, default="")
    country = models.CharField(max_length=255, blank=True, default="")
    invoice_footer = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "taxes"
        constraints = [models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=100), name="tax_rate_percent")]

    def __str__(self):
        return f"{self.name} {self.rate}%"
