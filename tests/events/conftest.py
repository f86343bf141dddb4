"""Fixtures of the events tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role fixtures create seven users per test; PBKDF2's cost is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
