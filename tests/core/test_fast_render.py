"""Whole responses of the read path's shortcuts are byte for byte those of the standard path.

The standard path is DRF's and Django's own: fields deep-copied per serializer (`ModelSerializer.get_fields`),
DRF's `Serializer.to_representation`, rows built by `Model.__init__`, every query built by the ORM, included
foreign keys joined (`select_related`) rather than loaded per page, and the renderer's general resource-object
builder instead of `ResourcePlan`. Each case is one GET answered both ways, for several
resources, with `include`, sparse fieldsets and private fields shown to some callers only.
"""

import pytest
from django.db import models
from rest_framework import serializers as drf

from eventyay.api import documents, includes
from eventyay.api.limits import bound_number_fields
from eventyay.api.serializers import PrivateFieldsMixin, ResourceSerializer
from eventyay.db import SoftDeleteModel
from eventyay.id_queries import IdListQuery
from tests.conftest import Api
from tests.factories import UserFactory, grant
from tests.factories.events import SponsorFactory, TicketFactory
from tests.factories.sessions import sessions_with_every_field

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    settings.RESPONSE_CACHE_ENABLED = False  # both answers must be rendered, not one read from the cache


@pytest.fixture
def programme(event):
    sessions = sessions_with_every_field(
        event, subtitle="Bühne\u2028eins", email="shared@example.org", mobile="+65 1234"
    )
    first = sessions[0]
    first.microlocation.latitude, first.microlocation.longitude = 1.2966, 103.7764
    first.microlocation.save()
    sessions[1].track = None
    sessions[1].ends_at = None
    sessions[1].save()
    TicketFactory(event=event)
    SponsorFactory(event=event)
    return sessions


def _standard_path(monkeypatch):
    def drf_fields(self):
        return bound_number_fields(self, super(ResourceSerializer, self).get_fields())

    monkeypatch.setattr(ResourceSerializer, "get_fields", drf_fields)
    monkeypatch.setattr(ResourceSerializer, "to_representation", drf.Serializer.to_representation)
    monkeypatch.setattr(SoftDeleteModel, "from_db", classmethod(models.Model.from_db.__func__))
    monkeypatch.setattr(documents.ResourcePlan, "of", classmethod(lambda cls, *args: None))
    monkeypatch.setattr(includes, "_attachable", lambda model, relation: False)  # to-ones by join
    monkeypatch.setattr(IdListQuery, "_compile", lambda self, *args: None)  # every query through the ORM
    monkeypatch.setattr(PrivateFieldsMixin, "to_representation", _standard_private)


def _standard_private(self, instance):
    """Every field rendered by DRF, then the private ones removed (not a plan without them)."""
    data = drf.Serializer.to_representation(self, instance)
    if self.private_fields and not self.sees_private(instance):
        for name in self.private_fields:
            data.pop(name, None)
    return data


def both(monkeypatch, client, url, **params):
    fast = client.get(url, **params)
    with monkeypatch.context() as patched:
        _standard_path(patched)
        standard = client.get(url, **params)
    assert fast.status_code == standard.status_code == 200, fast.content[:300]
    return fast, standard


CASES = [
    ("/v1/events/{event}/sessions", {}),
    ("/v1/events/{event}/sessions", {"include": "speakers,track,microlocation,session-type"}),
    ("/v1/events/{event}/sessions", {"include": "speakers.user,track.event,creator"}),
    ("/v1/events/{event}/sessions", {"include": "speakers", "fields[session]": "title,starts-at,speakers"}),
    ("/v1/events/{event}/sessions", {"include": "track", "fields[track]": "name,font-color"}),
    ("/v1/events/{event}/sessions", {"page[size]": "2", "page[number]": "2", "include": "speakers"}),
    ("/v1/sessions/{session}", {"include": "speakers,microlocation,event"}),
    ("/v1/events/{event}/speakers", {"include": "sessions,event"}),
    ("/v1/speakers/{speaker}", {"include": "sessions.track"}),
    ("/v1/events/{event}", {"include": "tracks,microlocations,session-types,tickets,sponsors"}),
    ("/v1/events/{event}/tracks", {"include": "sessions"}),
    ("/v1/events/{event}/microlocations", {}),
    ("/v1/events/{event}/session-types", {"include": "event"}),
    ("/v1/events/{event}/tickets", {"include": "event"}),
    ("/v1/events/{event}/sponsors", {}),
]


def _url(template, event, programme):
    speaker = programme[0].speakers.order_by("id").first()
    return template.format(event=event.pk, session=programme[0].pk, speaker=speaker.pk)


@pytest.mark.parametrize("caller", ["anonymous", "organizer"])
@pytest.mark.parametrize(("template", "params"), CASES)
def test_responses_equal_the_standard_path_byte_for_byte(monkeypatch, event, programme, caller, template, params):
    user = None
    if caller == "organizer":
        user = UserFactory()
        grant(user, event, "organizer")
    fast, standard = both(monkeypatch, Api(user), _url(template, event, programme), **params)
    assert fast.content == standard.content
    assert fast["ETag"] == standard["ETag"]


def test_private_fields_differ_per_caller_on_both_paths(monkeypatch, event, programme):
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    url = f"/v1/events/{event.pk}/speakers"
    for user, sees in ((None, False), (organizer, True)):
        fast, standard = both(monkeypatch, Api(user), url)
        assert fast.content == standard.content
        shared = next(row for row in fast.json()["data"] if row["attributes"]["name"] and row["id"])
        assert ("email" in shared["attributes"]) is sees
