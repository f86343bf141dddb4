"""Storage credentials kept in the database are encrypted with a key derived from SECRET_KEY.

Rotating SECRET_KEY makes stored credentials unreadable (they decrypt to blank and the
environment's values apply again); an admin then enters them anew.
"""

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)


def _fernet():
    digest = hashlib.sha256(f"eventyay.media.storage:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value):
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        logger.error("A stored storage credential cannot be decrypted (SECRET_KEY changed?); it is ignored.")
        return ""


class EncryptedCharField(models.TextField):
    """Holds a Fernet token in the column; Python code sees the plain value (blank stays blank)."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
