"""The admin's storage settings: one row, secrets encrypted at rest and write-only in the form."""

from django.db import connection

from media.models import StorageSettings
from media.storage import backend_settings, name_for_url
from tests.factories import SuperAdminFactory


def raw_secret():
    with connection.cursor() as cursor:
        cursor.execute("SELECT s3_secret_access_key FROM media_storagesettings WHERE id = 1")
        return cursor.fetchone()[0]


def test_secret_is_encrypted_at_rest(db):
    StorageSettings(backend="s3", s3_bucket="b", s3_secret_access_key="very-secret").save()

    assert "very-secret" not in raw_secret()
    assert StorageSettings.current().s3_secret_access_key == "very-secret"


def test_one_row_only(db):
    StorageSettings(backend="s3").save()
    StorageSettings(backend="local").save()

    assert StorageSettings.objects.count() == 1
    assert StorageSettings.current().backend == "local"


def test_blank_fields_fall_back_to_the_environment(db, settings):
    settings.STORAGE_BACKEND = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = "from-env"
    StorageSettings(s3_region="eu-west-1").save()

    backend, options = backend_settings()

    assert backend == "s3"
    assert options["bucket_name"] == "from-env"
    assert options["region_name"] == "eu-west-1"


def test_admin_edits_settings_and_keeps_the_secret_when_left_blank(db, client):
    client.force_login(SuperAdminFactory())
    StorageSettings(backend="s3", s3_bucket="b", s3_secret_access_key="kept").save()
    page = client.get("/admin/media/storagesettings/1/change/")
    assert page.status_code == 200
    assert b"kept" not in page.content

    response = client.post(
        "/admin/media/storagesettings/1/change/",
        {"backend": "s3", "s3_bucket": "new-bucket", "s3_secret_access_key": ""},
    )

    assert response.status_code == 302, response.content
    row = StorageSettings.current()
    assert (row.s3_bucket, row.s3_secret_access_key) == ("new-bucket", "kept")


def test_admin_lists_uploads(db, client, uploader):
    from tests.factories.media import as_upload, png

    uploader.post_multipart("/v1/upload/files", {"file": as_upload("a.png", png())})
    client.force_login(SuperAdminFactory())

    assert client.get("/admin/media/upload/").status_code == 200


def test_urls_map_back_to_local_keys(db):
    assert name_for_url("http://host/v1/media/events/1/a.png") == ("events/1/a.png", True)
    assert name_for_url("/v1/media/events/1/a.png") == ("events/1/a.png", True)
    assert name_for_url("https://example.org/a.png") == (None, False)
    assert name_for_url("/v1/media/../secret")[0] is None
