import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Role fixtures create seven users per test; a cheap hasher keeps this suite quick on a shared machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
