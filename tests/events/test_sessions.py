"""Sessions (reference §3.10): create, read, update, delete per role, rules and visibility."""

import pytest

from events.models import Session
from events.signals import submission_validators
from tests.conftest import Api, resource
from tests.events.sessions_support import WRITERS, errors_of, pointers, session_body
from tests.factories.events import (
    EventFactory,
    MicrolocationFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
)
from tests.factories.sessions import full_session, future
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------- create
@pytest.mark.parametrize("role", ("user", *WRITERS))
def test_create_session_by_role_sets_creator_and_draft(as_role, role_users, event, role):
    response = as_role(role).post("/v1/sessions", session_body(event))
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert data["type"] == "session"
    assert data["attributes"]["state"] == "draft"
    assert response["Location"] == f"/v1/sessions/{data['id']}"
    session = Session.objects.get(pk=data["id"])
    assert session.creator == role_users[role]
    assert data["relationships"]["creator"]["data"] == {"type": "user", "id": str(role_users[role].pk)}


def test_create_session_anonymous_is_refused(event):
    response = Api().post("/v1/sessions", session_body(event))
    assert response.status_code == 401
    assert not Session.objects.exists()


def test_create_session_when_sessions_disabled_is_forbidden(as_role, event):
    event.is_sessions_speakers_enabled = False
    event.save()
    response = as_role("user").post("/v1/sessions", session_body(event))
    assert response.status_code == 403
    assert errors_of(response)[0]["detail"] == "Sessions are disabled for this Event"
    assert not Session.objects.exists()


def test_create_session_in_draft_event_is_hidden_from_users(as_role, role_users, draft_event):
    response = as_role("user").post("/v1/sessions", session_body(draft_event))
    assert response.status_code == 404
    Api(role_users["owner"])  # owner of `event`, not of the draft
    owner = UserFactory()
    from tests.factories.events import grant

    grant(owner, draft_event, "coorganizer")
    assert Api(owner).post("/v1/sessions", session_body(draft_event)).status_code == 201
    assert Session.objects.count() == 1


def test_create_session_without_event_is_422(as_role):
    body = resource("session", {"title": "No event", "starts-at": future().isoformat()})
    response = as_role("user").post("/v1/sessions", body)
    assert response.status_code == 422
    assert "/data/relationships/event" in pointers(response)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"ends-at": future(29).isoformat()}, "/data/attributes/ends-at"),
        ({"starts-at": future(-1).isoformat(), "ends-at": future(-1, 30).isoformat()}, "/data/attributes/starts-at"),
        ({"level": "Guru"}, "/data/attributes/level"),
        ({"state": "published"}, "/data/attributes/state"),
        ({"website": "not a url"}, "/data/attributes/website"),
        ({"slides": [{"name": "deck"}]}, "/data/attributes/slides"),
        ({"title": ""}, "/data/attributes/title"),
    ],
)
def test_create_session_bad_input_is_422_and_writes_nothing(as_role, event, attrs, pointer):
    response = as_role("user").post("/v1/sessions", session_body(event, attrs))
    assert response.status_code == 422, response.content
    assert any(p.startswith(pointer) for p in pointers(response))
    assert not Session.objects.exists()


@pytest.mark.parametrize("rel", ("track", "microlocation", "session-type"))
def test_create_session_with_another_events_relation_is_422(as_role, event, rel):
    other = EventFactory()
    from tests.factories.events import SessionTypeFactory

    factory = {"track": TrackFactory, "microlocation": MicrolocationFactory, "session-type": SessionTypeFactory}[rel]
    foreign = factory(event=other)
    response = as_role("coorganizer").post("/v1/sessions", session_body(event, rels={rel: (rel, foreign.pk)}))
    assert response.status_code == 422
    assert f"/data/relationships/{rel}" in pointers(response)
    assert not Session.objects.exists()


def test_create_session_with_another_events_speaker_is_422(as_role, event):
    foreign = SpeakerFactory(event=EventFactory())
    response = as_role("user").post("/v1/sessions", session_body(event, rels={"speakers": [("speaker", foreign.pk)]}))
    assert response.status_code == 422
    assert "/data/relationships/speakers" in pointers(response)
    assert not Session.objects.exists()


def test_create_session_links_speakers_of_the_event(as_role, event):
    speakers = SpeakerFactory.create_batch(2, event=event)
    rels = {"speakers": [("speaker", s.pk) for s in speakers]}
    response = as_role("user").post("/v1/sessions?include=speakers", session_body(event, rels=rels))
    assert response.status_code == 201
    session = Session.objects.get()
    assert set(session.speakers.all()) == set(speakers)
    linkage = response.json()["data"]["relationships"]["speakers"]["data"]
    assert {item["id"] for item in linkage} == {str(s.pk) for s in speakers}


def test_create_session_drops_microlocation_unless_coorganizer(as_role, event):
    room = MicrolocationFactory(event=event)
    body = session_body(event, rels={"microlocation": ("microlocation", room.pk)})
    assert as_role("user").post("/v1/sessions", body).status_code == 201
    assert Session.objects.get().microlocation is None
    assert as_role("coorganizer").post("/v1/sessions", body).status_code == 201
    assert Session.objects.latest("pk").microlocation == room


@pytest.mark.parametrize("state", ("draft", "pending"))
def test_create_session_speaker_may_submit(as_role, event, state):
    response = as_role("user").post("/v1/sessions", session_body(event, {"state": state}))
    assert response.status_code == 201
    session = Session.objects.get()
    assert session.state == state
    assert (session.submitted_at is not None) == (state == "pending")


@pytest.mark.parametrize("role", ("user", "coorganizer"))
def test_create_accepted_session_needs_organizer(as_role, event, role):
    response = as_role(role).post("/v1/sessions", session_body(event, {"state": "accepted"}))
    assert response.status_code == 403
    assert "/data/attributes/state" in pointers(response)
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", ("owner", "organizer", "admin"))
def test_create_accepted_session_by_organizer(as_role, event, role):
    assert as_role(role).post("/v1/sessions", session_body(event, {"state": "accepted"})).status_code == 201


def test_custom_form_validator_errors_are_422(as_role, event):
    def require_subtitle(kind, event_, data, instance, user):
        if kind == "session" and not data.get("subtitle"):
            return {"subtitle": ["Missing required fields ['subtitle']"]}
        return {}

    submission_validators.append(require_subtitle)
    try:
        response = as_role("user").post("/v1/sessions", session_body(event))
        assert response.status_code == 422
        assert "/data/attributes/subtitle" in pointers(response)
        assert not Session.objects.exists()
        assert as_role("user").post("/v1/sessions", session_body(event, {"subtitle": "yes"})).status_code == 201
    finally:
        submission_validators.remove(require_subtitle)


# ----------------------------------------------------------------------- read
def test_states_table_is_plain_json():
    response = Api().get("/v1/sessions/states")
    assert response.status_code == 200
    body = response.json()
    assert body["organizer"]["draft"] == {}
    assert body["organizer"]["pending"] == {"withdrawn": True, "accepted": True, "rejected": True, "confirmed": True}
    assert body["speaker"]["draft"] == {"pending": True}
    assert body["speaker"]["withdrawn"] == {}


@pytest.mark.parametrize("role", ("anonymous", "user", "track_organizer", *WRITERS))
def test_detail_of_public_session_for_everyone(as_role, event, role):
    session = full_session(event)
    response = as_role(role).get(f"/v1/sessions/{session.pk}")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["attributes"]["title"] == session.title
    rels = data["relationships"]
    assert rels["track"]["data"] == {"type": "track", "id": str(session.track_id)}
    assert rels["speakers"]["links"]["related"] == f"/v1/sessions/{session.pk}/speakers"
    assert "data" not in rels["speakers"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("user", 404), ("track_organizer", 404), *((r, 200) for r in WRITERS)],
)
def test_detail_of_pending_session_by_role(as_role, pending, role, status):
    assert as_role(role).get(f"/v1/sessions/{pending.pk}").status_code == status


def test_detail_of_pending_session_for_its_speaker_and_creator(event, speaker_user, pending):
    assert Api(speaker_user).get(f"/v1/sessions/{pending.pk}").status_code == 200
    other_speaker = UserFactory()
    pending.speakers.add(SpeakerFactory(event=event, user=other_speaker))
    assert Api(other_speaker).get(f"/v1/sessions/{pending.pk}").status_code == 200
    by_email = UserFactory(email="invited@example.org")
    pending.speakers.add(SpeakerFactory(event=event, email="Invited@example.org"))
    assert Api(by_email).get(f"/v1/sessions/{pending.pk}").status_code == 200


def test_detail_of_unverified_email_match_is_hidden(event, pending):
    squatter = UserFactory(email="victim@example.org", is_verified=False)
    pending.speakers.add(SpeakerFactory(event=event, email="victim@example.org"))
    assert Api(squatter).get(f"/v1/sessions/{pending.pk}").status_code == 404


def test_detail_of_session_in_draft_event_is_404(draft_event):
    session = SessionFactory(event=draft_event)
    assert Api().get(f"/v1/sessions/{session.pk}").status_code == 404
    assert Api(UserFactory()).get(f"/v1/sessions/{session.pk}").status_code == 404


def test_detail_of_deleted_session_is_404_unless_trashed_asked_by_organizer(as_role, event):
    session = SessionFactory(event=event)
    session.soft_delete()
    assert as_role("anonymous").get(f"/v1/sessions/{session.pk}").status_code == 404
    assert as_role("admin").get(f"/v1/sessions/{session.pk}", get_trashed="true").status_code == 200


def test_detail_unknown_or_malformed_id_is_404():
    assert Api().get("/v1/sessions/999999").status_code == 404
    assert Api().get("/v1/sessions/abc").status_code == 404


def test_detail_include_renders_the_programme(event):
    session = full_session(event, speakers=2)
    response = Api().get(f"/v1/sessions/{session.pk}", include="speakers,track,microlocation,session-type,event")
    assert response.status_code == 200
    included = {(item["type"], item["id"]) for item in response.json()["included"]}
    assert ("track", str(session.track_id)) in included
    assert ("microlocation", str(session.microlocation_id)) in included
    assert ("session-type", str(session.session_type_id)) in included
    assert ("event", str(event.pk)) in included
    assert {("speaker", str(s.pk)) for s in session.speakers.all()} <= included
