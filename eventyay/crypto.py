"""Encryption at rest for secrets kept in the database (Fernet; several keys allow rotation).

Stripe keys of events and of the platform, and the secrets of the site settings, use it. `EncryptedTextField`
is the one encrypted field class: an app whose column is opened by other keys subclasses it and says which
(`keyring`) and what an unreadable token reads as (`unreadable`), as `media.crypto` does for storage credentials.

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


def derived_key(purpose, secret_key=None):
    """A Fernet key derived from SECRET_KEY for one purpose (`eventyay.media.storage`, ...)."""
    digest = hashlib.sha256(f"{purpose}:{secret_key or settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def derived_dev_key(secret_key):
    """A Fernet key derived from SECRET_KEY, for development only."""
    return derived_key("eventyay.payments", secret_key)


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


class EncryptedTextField(models.TextField):
    """A text column that holds a Fernet token; Python code sees the plain value. Blank stays blank.

    Tokens are randomised, so the column cannot be filtered on; nothing needs to.
    """

    #: What a token that no configured key opens reads as.
    unreadable = None
    #: Logged (never with the value) when a token cannot be opened.
    unreadable_message = "A stored secret cannot be decrypted with the configured STRIPE_SECRETS_KEY."

    def keyring(self):
        return fernet()

    def encrypt(self, value):
        return self.keyring().encrypt(value.encode()).decode()

    def decrypt(self, token):
        if not token:
            return token  # None, or the empty string stored for "no secret"
        try:
            return self.keyring().decrypt(token.encode()).decode()
        except InvalidToken:
            logger.error(self.unreadable_message)
            return self.unreadable

    def from_db_value(self, value, expression, connection):
        return self.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return self.encrypt(value) if value not in (None, "") else value


_FIELD = EncryptedTextField()


def encrypt(value):
    return None if value is None else _FIELD.encrypt(value)


def decrypt(token):
    """The plain text, or None when no configured key opens it (logged, never the value)."""
    return _FIELD.decrypt(token)
