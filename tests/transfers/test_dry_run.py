"""Dry run: the whole import runs, its counts and warnings are reported, and nothing is written.

Runs on SQLite and, with `DATABASE_URL=postgres://...`, on PostgreSQL (the rollback is the database's).
"""

import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.conftest import Api
from tests.factories import UserFactory
from tests.factories.transfers import published_sample, zip_bytes
from transfers.importer import import_archive

pytestmark = pytest.mark.django_db(transaction=True)

WRITTEN_BY_AN_IMPORT = ("events", "forms")


def row_counts():
    counts = {}
    for label in WRITTEN_BY_AN_IMPORT:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            manager = getattr(model, "all_objects", model._default_manager)
            counts[model._meta.label] = manager.count()
    return counts


def messy_sample():
    files = published_sample()
    files["session_types"][0]["length"] = "00:75"
    files["sessions"][0]["video-url"] = "javascript:alert(1)"
    return files


def test_dry_run_reports_the_real_counts_and_warnings_and_writes_nothing(media_root):
    user = UserFactory()
    before = row_counts()
    dry = import_archive(io.BytesIO(zip_bytes(messy_sample())), user, dry_run=True)
    assert row_counts() == before
    assert dry.event is None and dry.dry_run
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))
    real = import_archive(io.BytesIO(zip_bytes(messy_sample())), user)
    assert dry.counts == real.counts and dry.counts["sessions"] == 2
    assert [(w["file"], w["record"], w["field"]) for w in dry.warnings] == [
        (w["file"], w["record"], w["field"]) for w in real.warnings
    ]
    assert {"length", "video-url"} <= {w["field"] for w in dry.warnings}


def test_dry_run_through_the_api(jobs):
    api = Api(UserFactory())
    before = row_counts()
    with jobs.enqueue():
        response = api.post_multipart(
            "/v1/events/import/json?dry_run=true", {"file": SimpleUploadedFile("e.zip", zip_bytes(messy_sample()))}
        )
    jobs.run()
    body = api.get(response.json()["task_url"]).json()
    assert body["state"] == "SUCCESS"
    result = body["result"]
    assert result["dry_run"] is True and "identifier" not in result
    assert result["counts"]["sessions"] == 2 and result["counts"]["speakers"] == 2
    assert any(w["field"] == "video-url" and w["action"] == "dropped value" for w in result["warnings"])
    assert row_counts() == before


def test_dry_run_with_the_command(tmp_path):
    owner = UserFactory()
    path = tmp_path / "tiny.zip"
    path.write_bytes(zip_bytes(messy_sample()))
    before = row_counts()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_event", str(path), "--owner", owner.email, "--dry-run", stdout=out, stderr=err)
    assert row_counts() == before
    assert "Dry run, nothing written: would import" in out.getvalue() and "2 sessions" in out.getvalue()
    assert "warning: sessions record 10 field video-url" in err.getvalue()
