"""Encryption at rest for secrets kept in the database (Fernet; several keys allow rotation).

Stripe keys of events and of the platform, and the secrets of the site settings, use it.

`STRIPE_SECRETS_KEY` holds one or more Fernet keys, comma-separated, newest first: new values
are encrypted with the first, old ones still decrypt with any. In DEBUG without a key, a key is
derived from SECRET_KEY so a development server works out of the box; outside DEBUG a missing
key is a configuration error (and a system check warns at start-up).
"""

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)


def derived_dev_key(secret_key):
    """A Fernet key derived from SECRET_KEY, for development only."""
    digest = hashlib.sha256(f"eventyay.payments:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys():
    raw = getattr(settings, "STRIPE_SECRETS_KEY", "") or ""
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if keys:
        return keys
    if settings.DEBUG:
        return [derived_dev_key(settings.SECRET_KEY)]
    raise ImproperlyConfigured("STRIPE_SECRETS_KEY must be set (a Fernet key) when DEBUG is off.")


def fernet():
    try:
        return MultiFernet([Fernet(k.encode()) for k in configured_keys()])
    except ValueError as exc:
        raise ImproperlyConfigured("STRIPE_SECRETS_KEY is not a valid Fernet key (32 url-safe base64 bytes).") from exc


def is_configured():
    """Whether secrets can be stored now (checked before a code is spent at Stripe)."""
    try:
        fernet()
    except ImproperlyConfigured as exc:
        logger.error("Secrets cannot be encrypted: %s", exc)
        return False
    return True


def encrypt(value):
    if value is None:
        return None
    return fernet().encrypt(value.encode()).decode()


def decrypt(token):
    """The plain text, or None when no configured key opens it (logged, never the value)."""
    if not token:
        return token  # None, or the empty string stored for "no secret"
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        logger.error("A stored secret cannot be decrypted with the configured STRIPE_SECRETS_KEY.")
        return None


class EncryptedTextField(models.TextField):
    """A text column that holds the Fernet token; Python code sees the plain value.

    Tokens are randomised, so the column cannot be filtered on; nothing needs to.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value not in (None, "") else value
