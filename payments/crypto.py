"""Stripe secrets are encrypted with the project's one encrypted field (`eventyay.crypto`).

Kept as a module so that migrations and callers naming `payments.crypto` keep working.
"""

from eventyay.crypto import (  # noqa: F401
    EncryptedTextField,
    configured_keys,
    decrypt,
    derived_dev_key,
    encrypt,
    fernet,
    is_configured,
)
