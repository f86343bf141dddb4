import pytest
from cryptography.fernet import Fernet

SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _secrets_key(settings):
    settings.STRIPE_SECRETS_KEY = SECRETS_KEY
