"""The platform's settings as Open Event's `setting` resource has them: one row, edited by admins.

Settings that another app owns (the Stripe platform keys in `payments`, the storage in `media`) stay in
that app's row and join the resource through `sections.py`; this row holds the rest. Secrets are
encrypted at rest (`eventyay.crypto`) and never shown once stored.
"""

from django.db import models

from eventyay.crypto import EncryptedTextField
from eventyay.db import SingletonModel


def _text(max_length=255, default="", **kwargs):
    return models.CharField(max_length=max_length, blank=True, default=default, **kwargs)


def _secret(**kwargs):
    return EncryptedTextField(blank=True, default="", **kwargs)


class SiteSettings(SingletonModel):
    # --- the site --------------------------------------------------------------
    app_name = _text(default="Eventyay", help_text="Shown in the client's title bar and mails.")
    tagline = _text(default="Event management")
    app_environment = _text(64, default="production")
    frontend_url = _text(500, help_text="Where the web client runs (links in mails point there).")
    static_domain = _text()
    cookie_policy = models.TextField(blank=True, default="")
    cookie_policy_link = _text(500)
    order_expiry_time = models.PositiveIntegerField(default=10, help_text="Minutes an unpaid order is held.")
    start_pg_enabled = _text(32, default="default", help_text="Start page: default or an event.")
    start_pg_event_id = _text(64)
    analytics_key = _text()
    logo_size = models.PositiveIntegerField(default=1000, help_text="Upload limit for logos, in KB.")
    image_size = models.PositiveIntegerField(default=10000, help_text="Upload limit for images, in KB.")
    slide_size = models.PositiveIntegerField(default=20000, help_text="Upload limit for slides, in KB.")
    invoice_sending_day = models.PositiveSmallIntegerField(default=1)
    invoice_sending_timezone = _text(64, default="UTC")
    # --- links shown in the client's footer -----------------------------------
    google_url = _text(500)
    github_url = _text(500)
    twitter_url = _text(500)
    support_url = _text(500)
    facebook_url = _text(500)
    instagram_url = _text(500)
    patreon_url = _text(500)
    gitter_url = _text(500)
    telegram_url = _text(500)
    youtube_url = _text(500)
    weblate_url = _text(500)
    android_app_url = _text(500)
    web_app_url = _text(500)
    rocket_chat_url = _text(500)
    rocket_chat_registration_secret = _secret()
    # --- the platform's billing details (shown on invoices) ---------------------
    admin_company = _text()
    admin_billing_contact_name = _text()
    admin_billing_email = _text()
    admin_billing_phone = _text(64)
    admin_billing_address = _text(500)
    admin_billing_city = _text()
    admin_billing_state = _text()
    admin_billing_zip = _text(32)
    admin_billing_country = _text(64)
    admin_billing_tax_info = _text()
    admin_billing_additional_info = models.TextField(blank=True, default="")
    admin_billing_logo = _text(500)
    admin_billing_paypal_email = _text()
    # --- sign-in providers and reCAPTCHA ----------------------------------------
    is_google_recaptcha_enabled = models.BooleanField(default=False)
    google_recaptcha_site = _text()
    google_recaptcha_secret = _secret()
    google_client_id = _text()
    google_client_secret = _secret()
    fb_client_id = _text()
    fb_client_secret = _secret()
    tw_consumer_key = _text()
    tw_consumer_secret = _secret()
    in_client_id = _text()
    in_client_secret = _secret()
    # --- payment providers eventyay does not run (kept for the client's admin pages) ---
    paypal_mode = _text(16)
    paypal_client = _text()
    paypal_secret = _secret()
    paypal_sandbox_client = _text()
    paypal_sandbox_secret = _secret()
    omise_mode = _text(16)
    omise_test_public = _text()
    omise_test_secret = _secret()
    omise_live_public = _text()
    omise_live_secret = _secret()
    alipay_publishable_key = _text()
    alipay_secret_key = _secret()
    paytm_mode = _text(16)
    paytm_live_merchant = _text()
    paytm_live_secret = _secret()
    paytm_sandbox_merchant = _text()
    paytm_sandbox_secret = _secret()
    # --- outgoing mail ------------------------------------------------------------
    email_service = _text(32, help_text="smtp or sendgrid.")
    email_from = _text()
    email_from_name = _text()
    sendgrid_key = _secret()
    smtp_host = _text()
    smtp_username = _text()
    smtp_password = _secret()
    smtp_port = _text(8)
    smtp_encryption = _text(8, help_text="tls, ssl or none.")
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_singleton")]

    def __str__(self):
        return "Site settings"

    # Providers count as activated once their keys are in (eventyay itself only takes Stripe payments).
    @property
    def is_paypal_activated(self):
        return bool(self.paypal_client and self.paypal_secret)

    @property
    def is_billing_paypal_activated(self):
        return bool(self.is_paypal_activated and self.admin_billing_paypal_email)

    @property
    def is_omise_activated(self):
        return bool(self.omise_live_public and self.omise_live_secret)

    @property
    def is_alipay_activated(self):
        return bool(self.alipay_publishable_key and self.alipay_secret_key)

    @property
    def is_paytm_activated(self):
        return bool(self.paytm_live_merchant and self.paytm_live_secret)
