import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every media test writes to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_BASE_URL = ""
    settings.STORAGE_BACKEND = "local"
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    """Paths of every file under MEDIA_ROOT (to assert that nothing was written)."""
    return lambda: sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
