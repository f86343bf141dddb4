"""Discount codes (event-level and ticket-level) and the minimal orders that use them.

An *event* code discounts what an organizer pays the platform; admins manage it and link it
to events through `EventDiscountCode` (one code per event, one code for many events). A *ticket*
code belongs to one event and discounts a chosen set of that event's tickets for buyers.
Orders here are only what is needed to count uses of a code and sales of a ticket.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from eventyay.db import SoftDeleteModel


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


def generate_order_identifier():
    return secrets.token_hex(16)


class Order(models.Model):
    """A pending order: enough to count a code's uses and a ticket's sales (payment is out of scope)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    #: Orders that hold their tickets (and their code's uses).
    HOLDING = (Status.PENDING, Status.COMPLETED)

    identifier = models.CharField(max_length=32, unique=True, default=generate_order_identifier, editable=False)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="orders")
    discount_code = models.ForeignKey(
        DiscountCode, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    currency = models.CharField(max_length=8, blank=True, default="")
    sub_total = models.DecimalField(max_digits=14, decimal_places=2, help_text="Before the discount.")
    discount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="What the buyer pays.")
    quantity = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.identifier


class OrderTicket(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="order_tickets")
    ticket = models.ForeignKey("events.Ticket", on_delete=models.PROTECT, related_name="order_tickets")
    quantity = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2, help_text="Unit price when ordered.")
    discounted_quantity = models.PositiveIntegerField(default=0)
    discount = models.DecimalField(max_digits=14, decimal_places=2, default=0, help_text="Total off this line.")
    sub_total = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["order", "ticket"], name="order_ticket_once")]

    def __str__(self):
        return f"{self.quantity} × {self.ticket_id}"
