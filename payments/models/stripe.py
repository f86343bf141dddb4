"""Stripe Connect: an event's link to its organizer's Stripe account, and the platform's keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from eventyay.db import SingletonModel
from payments.crypto import EncryptedTextField


class StripeAuthorization(models.Model):
    """The keys Stripe handed over for an event's organizer account (one per event).

    The secret key and the refresh token are encrypted at rest and never serialized.
    """

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="stripe_authorization",
        help_text="The event whose ticket payments go to this Stripe account.",
    )
    stripe_publishable_key = models.CharField(max_length=255, help_text="Public key the checkout page uses.")
    stripe_secret_key = EncryptedTextField(help_text="The connected account's secret key (encrypted).")
    stripe_refresh_token = EncryptedTextField(blank=True, default="", help_text="Refresh token (encrypted).")
    stripe_user_id = models.CharField(max_length=255, help_text="The connected Stripe account id (acct_…).")
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "Stripe authorization"

    def __str__(self):
        return f"Stripe {self.stripe_user_id} for event {self.event_id}"


class PaymentSettings(SingletonModel):
    """The platform's Stripe Connect keys as staff set them in the admin; blank fields fall back to settings.

    A single row (pk=1), like Open Event's admin settings.
    """

    stripe_client_id = models.CharField(
        max_length=255, blank=True, default="", help_text="Connect client id (ca_…); needed to unlink at Stripe."
    )
    stripe_publishable_key = models.CharField(max_length=255, blank=True, default="")
    stripe_secret_key = EncryptedTextField(
        blank=True, default="", help_text="Platform secret key (encrypted); used to exchange authorization codes."
    )
    stripe_mode = models.CharField(
        max_length=8, blank=True, default="live", help_text="live or test, as the client's admin page sets it."
    )
    stripe_test_client_id = models.CharField(max_length=255, blank=True, default="")
    stripe_test_publishable_key = models.CharField(max_length=255, blank=True, default="")
    stripe_test_secret_key = EncryptedTextField(blank=True, default="", help_text="Test-mode secret key (encrypted).")
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "payment settings"
        verbose_name_plural = "payment settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="payment_settings_singleton")]

    def __str__(self):
        return "Payment settings"

    @property
    def is_stripe_activated(self):
        """Whether events can be linked: a client id and a secret key, from this row or the environment."""
        client_id = self.stripe_client_id or settings.STRIPE_CLIENT_ID
        return bool(client_id and (self.stripe_secret_key or settings.STRIPE_SECRET_KEY))


class StripeWebhookEvent(models.Model):
    """A Stripe event id we have processed: a replayed delivery of the same event is answered and ignored."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=128)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.event_id
