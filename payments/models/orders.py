"""Orders, their lines and their attendees (one attendee per ticket bought), as Open Event keeps them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from eventyay.db import finite_checks


def generate_order_identifier():
    return str(uuid.uuid4())


class Order(models.Model):
    class Status(models.TextChoices):
        INITIALIZING = "initializing", "Initializing"
        PENDING = "pending", "Pending"
        PLACED = "placed", "Placed"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"
        EXPIRED = "expired", "Expired"

    class PaymentMode(models.TextChoices):
        FREE = "free", "Free"
        STRIPE = "stripe", "Stripe"
        CHEQUE = "cheque", "Cheque"
        BANK = "bank", "Bank transfer"
        ONSITE = "onsite", "On site"

    #: Unpaid orders that hold their tickets until `expires_at`.
    UNPAID = (Status.INITIALIZING, Status.PENDING)
    #: Orders that hold their tickets (and their code's uses) whatever the time.
    KEPT = (Status.PLACED, Status.COMPLETED)
    #: Orders that no longer hold anything.
    ENDED = (Status.CANCELLED, Status.REFUNDED, Status.EXPIRED)
    #: Payment modes an organizer confirms by hand.
    OFFLINE = (PaymentMode.CHEQUE, PaymentMode.BANK, PaymentMode.ONSITE)

    identifier = models.CharField(max_length=36, unique=True, default=generate_order_identifier, editable=False)
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="orders")
    discount_code = models.ForeignKey(
        "discounts.DiscountCode", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    access_code = models.ForeignKey(
        "discounts.AccessCode", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INITIALIZING, db_index=True)
    payment_mode = models.CharField(max_length=16, choices=PaymentMode.choices, blank=True, default="")
    currency = models.CharField(max_length=8, blank=True, default="")
    sub_total = models.DecimalField(max_digits=14, decimal_places=2, help_text="Before the discount.")
    discount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    tax_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0, help_text="Tax in `amount`.")
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="What the buyer pays.")
    quantity = models.PositiveIntegerField(default=0)
    code_uses = models.PositiveIntegerField(default=0, help_text="Uses of the discount code this order holds.")
    access_uses = models.PositiveIntegerField(default=0, help_text="Uses of the access code this order holds.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When an unpaid order gives its stock back.")
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_note = models.TextField(blank=True, default="")
    order_notes = models.TextField(blank=True, default="")
    # Billing details the buyer gives.
    is_billing_enabled = models.BooleanField(default=False)
    company = models.CharField(max_length=255, blank=True, default="")
    tax_business_info = models.CharField(max_length=255, blank=True, default="")
    address = models.CharField(max_length=1024, blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="")
    state = models.CharField(max_length=255, blank=True, default="")
    country = models.CharField(max_length=255, blank=True, default="")
    zipcode = models.CharField(max_length=64, blank=True, default="")
    # What the payment provider reports.
    transaction_id = models.CharField(max_length=255, blank=True, default="", db_index=True)
    paid_via = models.CharField(max_length=64, blank=True, default="")
    brand = models.CharField(max_length=64, blank=True, default="")
    last4 = models.CharField(max_length=8, blank=True, default="")
    exp_month = models.CharField(max_length=4, blank=True, default="")
    exp_year = models.CharField(max_length=8, blank=True, default="")
    application_fee = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    tickets = models.ManyToManyField("events.Ticket", through="OrderTicket", related_name="orders", blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="order_unpaid_expiry")]
        constraints = finite_checks("sub_total", "discount", "tax_amount", "amount", "application_fee", limit=10**12)

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
        constraints = [
            models.UniqueConstraint(fields=["order", "ticket"], name="order_ticket_once"),
            *finite_checks("price", limit=10**10),
            *finite_checks("discount", "sub_total", limit=10**12),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.ticket_id}"


def _text(max_length=255):
    return models.CharField(max_length=max_length, blank=True, default="")


class Attendee(models.Model):
    """One ticket holder of an order; their details are answers to the event's attendee form."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attendees")
    ticket = models.ForeignKey("events.Ticket", on_delete=models.PROTECT, related_name="attendees")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendees"
    )
    firstname = _text()
    lastname = _text()
    email = models.EmailField(blank=True, default="")
    address = _text(1024)
    city = _text()
    state = _text()
    country = _text()
    job_title = _text()
    phone = _text(64)
    work_phone = _text(64)
    company = _text()
    tax_business_info = _text()
    billing_address = _text(1024)
    home_address = _text(1024)
    shipping_address = _text(1024)
    work_address = _text(1024)
    gender = _text(64)
    age_group = _text(64)
    birth_date = models.DateTimeField(null=True, blank=True)
    website = _text(1024)
    blog = _text(1024)
    twitter = _text(1024)
    facebook = _text(1024)
    github = _text(1024)
    linkedin = _text(1024)
    instagram = _text(1024)
    accept_receive_emails = models.BooleanField(null=True, blank=True)
    accept_share_details = models.BooleanField(null=True, blank=True)
    accept_video_recording = models.BooleanField(null=True, blank=True)
    same_as_buyer = models.BooleanField(default=False)
    complex_field_values = models.JSONField(null=True, blank=True, help_text="Answers to custom (non-fixed) fields.")
    tag_id = models.PositiveIntegerField(null=True, blank=True)
    is_checked_in = models.BooleanField(default=False)
    checkin_times = models.TextField(blank=True, default="", help_text="Comma-separated ISO datetimes.")
    checkout_times = models.TextField(blank=True, default="", help_text="Comma-separated ISO datetimes.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.firstname} {self.lastname} ({self.order_id})".strip()
