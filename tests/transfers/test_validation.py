"""The importer's shortcuts: a text read exactly as the API's serializer field reads it (value or message);
foreign keys left unchecked only when they point to rows the same import wrote."""

import pytest
from django.db import IntegrityError, connection
from rest_framework import serializers

from events.models import Event, Session, Speaker, Track
from events.serializers.sessions import SpeakerSerializer
from tests.factories import EventFactory, TrackFactory
from transfers.bulk import fast_insert
from transfers.validation import FieldValidator, Invalid

TEXTS = [
    "Ada Lovelace",
    "  Ada  ",
    "Ada\n",
    "\u00a0Ada",
    "Ada\x00",
    "Ada \ud800 x",
    "Ad\u00e9 \U0001f600",
    "x" * 500,
    "",
    "   ",
    12,
    True,
]
URLS = [
    "https://example.org/a",
    "https://example.org/a b",
    "https://example.org/x?y#z",
    "https://example.org/x\u2003y",
    "https://example.org/" + "x" * 2100,
    "https://example.org/x\ny",
    "https://a?b@example.org/x",
    "https://a?b@example.org/y",
    "https://user:pw@example.org/x",
    "https://[::1]/x",
    "https://[::zz]/x",
    "https://example.org:99999/x",
    "http://localhost/x",
    "ftp://" + "a" * 250 + ".org/x",
    "HTTPS://EXAMPLE.ORG/b",
    "https://example.org",
    "https://exa mple.org/x",
    "mailto://example.org/x",
    "javascript:alert(1)",
    "example.org",
    " https://a.io ",
]
EMAILS = ["ada@example.org", "ada at example", " ada@example.org", "ada@exa\ud800mple.org", "a" * 330 + "@x.org"]


def api_outcome(field, value):
    try:
        return True, field.run_validation(value)
    except serializers.ValidationError as exc:
        return False, "; ".join(str(message) for message in exc.detail)


VALIDATOR = FieldValidator()  # one for all: what it remembers of a value or a URL's origin is used again


def import_outcome(name, value):
    try:
        return True, VALIDATOR.check("speakers", name, value, Speaker._meta.get_field(name))
    except Invalid as exc:
        return False, str(exc)


@pytest.mark.parametrize(
    ("name", "value"),
    [("name", v) for v in TEXTS] + [("website", v) for v in URLS + TEXTS] + [("email", v) for v in EMAILS + TEXTS],
)
def test_a_text_is_read_as_the_api_reads_it(name, value):
    field = SpeakerSerializer().fields[name]
    assert import_outcome(name, value) == api_outcome(field, value)


# ----------------------------------------------------------- references the database need not check


pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and trigger settings: PostgreSQL")


def _role():
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


@pg_only
@pytest.mark.django_db
def test_references_to_rows_of_the_same_import_skip_the_checks_and_the_setting_is_restored():
    event = EventFactory()
    track = TrackFactory(event=event)
    written = {Event: {event.pk}, Track: {track.pk, 10**9}}  # 10**9: a row the caller says it wrote
    pks = fast_insert(Session, [{"title": "T", "track_id": track.pk}], event_id=event.pk, written=written)
    assert Session.objects.get(pk=pks[0]).track_id == track.pk
    fast_insert(Session, [{"title": "U", "track_id": 10**9}], event_id=event.pk, written=written)
    assert _role() == "origin"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no check was queued: `written` is trusted


@pg_only
@pytest.mark.django_db
def test_a_reference_to_a_row_the_import_did_not_write_is_still_checked():
    event = EventFactory()
    fast_insert(Session, [{"title": "T", "track_id": 10**9}], event_id=event.pk, written={Event: {event.pk}})
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
