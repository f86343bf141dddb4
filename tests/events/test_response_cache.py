"""The versioned cache of anonymous programme reads: hits, at-once invalidation, never private data."""

import pytest
from django.db import transaction

from events.models import Session
from events.programme_cache import version
from eventyay.api.response_cache import CACHE_HEADER
from tests.conftest import Api, resource
from tests.factories.events import MicrolocationFactory, SessionTypeFactory, SpeakerFactory, TrackFactory
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db

INCLUDE = "speakers,track,microlocation,session-type"


@pytest.fixture
def programme(event):
    return [full_session(event, speakers=2, state="accepted") for _ in range(3)]


def schedule(event, **params):
    return Api().get(f"/v1/events/{event.pk}/sessions", include=INCLUDE, **params)


def titles(response):
    return sorted(item["attributes"]["title"] for item in response.json()["data"])


def test_second_anonymous_read_is_a_hit_with_the_same_body_and_etag(event, programme):
    first, second = schedule(event), schedule(event)
    assert first[CACHE_HEADER] == "miss" and second[CACHE_HEADER] == "hit"
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert "public" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]
    assert "Authorization" in second["Vary"]
    revalidated = Api().client.get(
        f"/v1/events/{event.pk}/sessions",
        {"include": INCLUDE},
        HTTP_ACCEPT="application/vnd.api+json",
        HTTP_IF_NONE_MATCH=second["ETag"],
    )
    assert revalidated.status_code == 304 and revalidated.content == b""


def test_a_patch_changes_the_cached_answer_at_once(event, programme, as_role):
    before = schedule(event)
    assert schedule(event)[CACHE_HEADER] == "hit"
    session = programme[0]
    body = resource("session", {"title": "Renamed keynote"}, id=session.pk)
    assert as_role("organizer").patch(f"/v1/sessions/{session.pk}", body).status_code == 200
    after = schedule(event)
    assert after[CACHE_HEADER] == "miss"
    assert "Renamed keynote" in titles(after) and "Renamed keynote" not in titles(before)
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("part", ["speaker", "track", "microlocation", "session_type"])
def test_a_write_to_any_part_of_the_programme_changes_the_answer(event, programme, part):
    schedule(event)
    session = programme[0]
    target = getattr(session, part) if part != "speaker" else session.speakers.first()
    target.name = "Changed name"
    target.save()
    after = schedule(event)
    assert after[CACHE_HEADER] == "miss"
    names = [item["attributes"].get("name") for item in after.json()["included"]]
    assert "Changed name" in names


def test_speaker_links_new_parts_and_deletes_change_the_answer(event, programme):
    schedule(event)
    session = programme[0]
    session.speakers.add(SpeakerFactory(event=event, name="Late addition"))
    assert any(i["attributes"].get("name") == "Late addition" for i in schedule(event).json()["included"])
    session.track = TrackFactory(event=event, name="New track")
    session.microlocation = MicrolocationFactory(event=event)
    session.session_type = SessionTypeFactory(event=event)
    session.save()
    assert any(i["attributes"].get("name") == "New track" for i in schedule(event).json()["included"])
    session.delete()
    assert len(schedule(event).json()["data"]) == 2
    programme[1].soft_delete()
    assert len(schedule(event).json()["data"]) == 1


def test_a_rolled_back_write_bumps_nothing(event, programme):
    start = version(event.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        programme[0].title = "Never happened"
        programme[0].save()
        raise RuntimeError
    assert version(event.pk) == start


def test_private_data_is_never_cached_for_the_public(event, programme, as_role):
    pending = full_session(event, state="pending", title="Secret submission")
    organizer = as_role("organizer").get(f"/v1/events/{event.pk}/sessions", include=INCLUDE)
    assert "Secret submission" in titles(organizer)
    assert CACHE_HEADER not in organizer and "private" in organizer["Cache-Control"]
    public = schedule(event)
    assert public[CACHE_HEADER] == "miss" and "Secret submission" not in titles(public)
    # The organizer is not served the anonymous answer either.
    again = as_role("organizer").get(f"/v1/events/{event.pk}/sessions", include=INCLUDE)
    assert CACHE_HEADER not in again and "Secret submission" in titles(again)
    assert Session.objects.filter(pk=pending.pk).exists()


def test_a_bad_token_is_not_answered_from_the_cache(event, programme):
    schedule(event)
    client = Api().client
    client.credentials(HTTP_AUTHORIZATION="JWT not-a-token")
    response = client.get(f"/v1/events/{event.pk}/sessions", HTTP_ACCEPT="application/vnd.api+json")
    assert response.status_code == 401


def test_drafts_are_not_cached_and_unpublishing_ends_the_cached_answers(draft_event, event, programme, as_role):
    full_session(draft_event, state="accepted")
    assert Api().get(f"/v1/events/{draft_event.pk}/sessions").status_code == 404
    assert schedule(event).status_code == 200
    event.state = "draft"
    event.save()
    assert schedule(event).status_code == 404


@pytest.mark.parametrize("collection", ["speakers", "tracks", "microlocations", "session-types"])
def test_other_programme_lists_are_cached_and_invalidated(event, programme, collection):
    url = f"/v1/events/{event.pk}/{collection}"
    assert Api().get(url)[CACHE_HEADER] == "miss"
    assert Api().get(url)[CACHE_HEADER] == "hit"
    programme[0].title = "Any programme write"
    programme[0].save()
    assert Api().get(url)[CACHE_HEADER] == "miss"
