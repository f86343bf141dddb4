import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores files in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEDIA_ROOT
