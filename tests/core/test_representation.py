"""The read path's shortcuts give exactly what DRF and the standard JSON encoder give."""

import datetime as dt
import decimal
import json
import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.functional import lazy
from rest_framework import serializers as drf
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from events.models import Session, Speaker, Track
from events.serializers.programme import MicrolocationSerializer, TrackSerializer
from events.serializers.sessions import SessionSerializer, SpeakerSerializer
from eventyay.api.documents import dumps
from eventyay.api.serializers import ResourceSerializer
from tests.factories.sessions import full_session, future
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _context(query=""):
    return {"request": Request(APIRequestFactory().get(f"/v1/sessions{query}"))}


@pytest.mark.parametrize("query", ["", "?include=speakers,creator", "?include=track"])
def test_session_representation_equals_drf(event, query):
    session = full_session(event, speakers=2, creator=UserFactory())
    session.slides = [{"name": "deck", "link": "https://example.org/deck.pdf"}]
    session.complex_field_values = {"t_shirt": "L"}
    session.submitted_at = future(-1)
    session.save()
    row = Session.objects.prefetch_related("speakers").get(pk=session.pk)
    serializer = SessionSerializer(context=_context(query))
    assert serializer.to_representation(row) == drf.Serializer.to_representation(serializer, row)


def test_representation_in_another_time_zone_and_with_nulls(event):
    session = full_session(event, speakers=1)
    session.track = None
    session.ends_at = None
    session.save()
    row = Session.objects.get(pk=session.pk)
    with timezone.override(dt.timezone(dt.timedelta(hours=8))):
        serializer = SessionSerializer(context=_context("?include=speakers"))
        fast = serializer.to_representation(row)  # speakers not prefetched: DRF's own path
        assert fast == drf.Serializer.to_representation(serializer, row)
    assert fast["starts_at"].endswith("+08:00")
    assert fast["track"] is None and fast["ends_at"] is None
    speaker = row.speakers.get()
    speaker_serializer = SpeakerSerializer(context=_context())
    # The shared fast path; the speaker's own hiding of private fields comes after it.
    assert ResourceSerializer.to_representation(speaker_serializer, speaker) == drf.Serializer.to_representation(
        speaker_serializer, speaker
    )
    room = MicrolocationSerializer(context=_context())
    assert room.to_representation(row.microlocation) == drf.Serializer.to_representation(room, row.microlocation)


def _context_of(user, query=""):
    request = Request(APIRequestFactory().get(f"/v1/speakers{query}"))
    request.user = user if user is not None else AnonymousUser()
    return {"request": request}


@pytest.mark.parametrize("role", ["anonymous", "user", "coorganizer", "admin"])
def test_private_fields_left_out_exactly_where_the_caller_may_not_see_them(event, role_users, role):
    session = full_session(event, speakers=1)
    speaker = session.speakers.get()
    speaker.email, speaker.mobile = "ada@example.org", "+4912345"
    speaker.save()
    row = Speaker.objects.get(pk=speaker.pk)
    serializer = SpeakerSerializer(context=_context_of(role_users[role]))
    full = drf.Serializer.to_representation(serializer, row)
    shown = serializer.to_representation(row)
    if role in ("coorganizer", "admin"):
        assert shown == full and shown["email"] == "ada@example.org"
    else:
        assert shown == {name: value for name, value in full.items() if name not in serializer.private_fields}
        assert "email" not in shown and "mobile" not in shown


def test_deferred_columns_and_properties_read_as_drf_reads_them(event):
    session = full_session(event, speakers=1)
    row = Session.objects.defer("title", "track_id").get(pk=session.pk)
    serializer = SessionSerializer(context=_context("?include=track"))
    assert serializer.to_representation(row) == drf.Serializer.to_representation(serializer, row)
    assert serializer.to_representation(row)["title"] == session.title
    track = Track.objects.get(pk=session.track_id)
    track_serializer = TrackSerializer(context=_context())
    shown = track_serializer.to_representation(track)  # font_color is a property, not a column
    assert shown == drf.Serializer.to_representation(track_serializer, track)
    assert shown["font_color"] in ("#000000", "#ffffff")


def _standard(data):
    return JSONRenderer().render(data)


def test_orjson_bytes_equal_the_standard_encoder():
    data = {
        "when": dt.datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC),
        "day": dt.date(2030, 1, 2),
        "price": decimal.Decimal("12.50"),
        "name": lazy(lambda: "Bühne\u2028eins", str)(),
        "nested": [{"a": 1, "b": None, "c": True, "d": 1.5}],
    }
    assert dumps(data) == _standard(data)
    assert json.loads(dumps(data))["name"] == "Bühne\u2028eins"


def test_values_orjson_cannot_encode_fall_back():
    assert dumps({"big": 2**70}) is None
    assert dumps({1: "non-string key"}) is None


def test_utc_datetimes_written_by_orjson_read_as_isoformat_writes_them():
    from eventyay.api.representation import _utc_text

    rng = random.Random(7)
    values = [dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)]
    values += [
        dt.datetime(
            rng.randint(1, 9999),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
            rng.choice([0, 1, rng.randint(0, 999999)]),
            tzinfo=dt.UTC,
        )
        for _ in range(20000)
    ]
    assert [_utc_text(value) for value in values] == [value.isoformat() for value in values]
