import pytest

from tests.conftest import Api
from tests.factories.users import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every media test writes to its own directory; passwords hash fast (the tests make many users)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_BASE_URL = ""
    settings.STORAGE_BACKEND = "local"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    """Paths of every file under MEDIA_ROOT (to assert that nothing was written)."""
    return lambda: sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


@pytest.fixture
def uploader(db):
    """A logged-in user with no role anywhere: uploads need only a login."""
    return Api(UserFactory())
