"""Settings every contract test runs under: a Stripe key store, no outside network, files in a temp folder."""

import pytest
from cryptography.fernet import Fernet

#: One key for the whole run: module-scoped worlds store Stripe secrets that later tests read back.
SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _contract_settings(settings, tmp_path):
    settings.STRIPE_SECRETS_KEY = SECRETS_KEY
    settings.STRIPE_CLIENT_ID = "ca_test_contract"
    settings.STRIPE_SECRET_KEY = "sk_test_contract"
    # Nothing listens on port 9: a Stripe exchange fails at once instead of leaving the machine.
    settings.STRIPE_CONNECT_BASE = "http://127.0.0.1:9"
    settings.STRIPE_TIMEOUT_SECONDS = 1.0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_AUTO_THUMBNAILS = False


def pytest_collection_modifyitems(config, items):
    """The fuzz run takes minutes: it runs when asked for (`-m fuzz`, `make fuzz`, `.ci/run`), not in `make test`."""
    asked = "fuzz" in (config.getoption("markexpr") or "")
    if asked:
        return
    skip = pytest.mark.skip(reason="fuzzing runs with `-m fuzz` (make fuzz, .ci/run)")
    for item in items:
        if item.get_closest_marker("fuzz"):
            item.add_marker(skip)
