"""Discount codes (event-level and ticket-level).

An *event* code discounts what an organizer pays the platform; admins manage it and link it
to events through `EventDiscountCode` (one code per event, one code for many events). A *ticket*
code belongs to one event and discounts a chosen set of that event's tickets for buyers.
Orders that use them live in `payments`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from eventyay.db import SoftDeleteModel, finite_checks


class DiscountCode(SoftDeleteModel):
    class UsedFor(models.TextChoices):
        EVENT = "event", "Event (platform fee, admins)"
        TICKET = "ticket", "Ticket (buyers, organizers)"

    class Type(models.TextChoices):
        AMOUNT = "amount", "Fixed amount"
        PERCENT = "percent", "Percentage"

    code = models.CharField(max_length=100, help_text="What the buyer types; compared case-insensitively.")
    discount_url = models.URLField(max_length=2000, blank=True, null=True, help_text="A link that applies the code.")
    value = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Amount off each ticket, or percent off (0 < value ≤ 100)."
    )
    type = models.CharField(max_length=16, choices=Type.choices)
    is_active = models.BooleanField(default=True, help_text="Inactive codes cannot be applied.")
    tickets_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many tickets in total may be bought with this code (empty = no limit)."
    )
    min_quantity = models.PositiveIntegerField(
        null=True, blank=True, default=1, help_text="Fewest covered tickets an order must hold to use the code."
    )
    max_quantity = models.PositiveIntegerField(
        null=True, blank=True, default=100, help_text="Most covered tickets one order may discount."
    )
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_till = models.DateTimeField(null=True, blank=True, help_text="Empty = until the event ends.")
    used_for = models.CharField(max_length=16, choices=UsedFor.choices)
    used_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Tickets bought with this code so far (taken under a row lock)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ticket_discount_codes",
        help_text="The event whose tickets a ticket code discounts.",
    )
    marketer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discount_codes",
        help_text="Who created the ticket code.",
    )
    tickets = models.ManyToManyField("events.Ticket", blank=True, related_name="discount_codes")
    events = models.ManyToManyField(
        "events.Event", through="EventDiscountCode", blank=True, related_name="event_discount_codes"
    )

    class Meta:
        ordering = ["id"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                "event",
                condition=Q(deleted_at__isnull=True, used_for="ticket"),
                name="discount_ticket_code_unique_per_event",
            ),
            models.UniqueConstraint(
                Lower("code"),
                condition=Q(deleted_at__isnull=True, used_for="event"),
                name="discount_event_code_unique",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="discount_value_not_negative"),
            *finite_checks("value", limit=10**10),
        ]

    def __str__(self):
        return f"{self.code} ({self.used_for})"

    @property
    def is_event_code(self):
        return self.used_for == self.UsedFor.EVENT

    @property
    def uses_left(self):
        return None if self.tickets_number is None else max(self.tickets_number - self.used_count, 0)


class EventDiscountCode(models.Model):
    """The event's (single) event-level code; kept here so `events` never imports discounts."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="discount_code_link")
    discount_code = models.ForeignKey(DiscountCode, on_delete=models.CASCADE, related_name="event_links")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.event_id} → {self.discount_code_id}"


class AccessCode(SoftDeleteModel):
    """A code that unlocks an event's hidden tickets for whoever has it (Open Event's access codes)."""

    code = models.CharField(max_length=100, help_text="What the buyer types; compared case-insensitively.")
    access_url = models.URLField(max_length=2000, blank=True, null=True)
    is_active = models.BooleanField(default=False)
    tickets_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many tickets in total may be bought with this code (empty = no limit)."
    )
    min_quantity = models.PositiveIntegerField(null=True, blank=True, default=1)
    max_quantity = models.PositiveIntegerField(null=True, blank=True, default=100)
    valid_from = models.DateTimeField()
    valid_till = models.DateTimeField(null=True, blank=True, help_text="Empty = until the event ends.")
    used_count = models.PositiveIntegerField(default=0, editable=False, help_text="Tickets bought with it so far.")
    created_at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="access_codes")
    marketer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_codes"
    )
    tickets = models.ManyToManyField("events.Ticket", blank=True, related_name="access_codes")

    class Meta:
        ordering = ["id"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                Lower("code"), "event", condition=Q(deleted_at__isnull=True), name="access_code_unique_per_event"
            ),
        ]

    def __str__(self):
        return self.code
