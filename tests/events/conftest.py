"""Fixtures of the events tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role fixtures create seven users per test; PBKDF2's cost is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def speaker_user(event):
    from tests.factories.users import UserFactory

    return UserFactory()


@pytest.fixture
def pending(event, speaker_user):
    """A pending submission by `speaker_user` (who is also its speaker)."""
    from tests.factories.sessions import submitted_by

    return submitted_by(speaker_user, event, state="pending")
