"""Deployment mistakes in the Stripe set-up, reported as Django system checks."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def stripe_secrets_key(app_configs, **kwargs):
    if settings.DEBUG or settings.STRIPE_SECRETS_KEY:
        return []
    return [
        checks.Warning(
            "STRIPE_SECRETS_KEY is not set; Stripe secrets cannot be encrypted at rest.",
            hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'",
            id="payments.W001",
        )
    ]
