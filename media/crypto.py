"""Storage credentials kept in the database are encrypted with a key derived from SECRET_KEY.

Rotating SECRET_KEY makes stored credentials unreadable (they decrypt to blank and the
environment's values apply again); an admin then enters them anew.
"""

from cryptography.fernet import Fernet

from eventyay import crypto


class EncryptedCharField(crypto.EncryptedTextField):
    """Storage credentials: a key derived from SECRET_KEY; an unreadable token reads as blank."""

    unreadable = ""
    unreadable_message = "A stored storage credential cannot be decrypted (SECRET_KEY changed?); it is ignored."

    def keyring(self):
        return Fernet(crypto.derived_key("eventyay.media.storage").encode())
