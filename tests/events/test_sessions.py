"""Sessions (reference §3.10): create, read, update, delete per role, rules and visibility."""

import pytest
from django.core import mail

from events.models import Session
from events.signals import submission_validators
from tests.conftest import Api, resource
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


WRITERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")


def session_body(event, attrs=None, rels=None, id=None):
    attributes = {
        "title": "Building open hardware",
        "starts-at": future(30).isoformat(),
        "ends-at": future(30, 45).isoformat(),
    }
    attributes.update(attrs or {})
    relationships = {"event": ("event", event.pk)}
    relationships.update(rels or {})
    return resource("session", attributes, relationships, id=id)


def errors_of(response):
    return response.json()["errors"]


def pointers(response):
    return {e.get("source", {}).get("pointer") for e in errors_of(response)}


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


# --------------------------------------------------------------------- update
def patch_body(session, attrs=None, rels=None):
    return resource("session", attrs or {}, rels, id=session.pk)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_patch_session_refused(as_role, event, role, status):
    session = SessionFactory(event=event, title="Before")
    response = as_role(role).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"title": "After"}))
    assert response.status_code == status
    session.refresh_from_db()
    assert session.title == "Before"


@pytest.mark.parametrize("role", WRITERS)
def test_patch_session_by_writer(as_role, event, role):
    session = SessionFactory(event=event, title="Before")
    response = as_role(role).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"title": "After"}))
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    assert session.title == "After"


def test_patch_session_by_creator_and_speaker(event, speaker_user, pending):
    response = Api(speaker_user).patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"title": "Mine"}))
    assert response.status_code == 200
    co_speaker = UserFactory()
    pending.speakers.add(SpeakerFactory(event=event, user=co_speaker))
    response = Api(co_speaker).patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"subtitle": "Ours"}))
    assert response.status_code == 200
    pending.refresh_from_db()
    assert (pending.title, pending.subtitle) == ("Mine", "Ours")


def test_patch_session_of_others_pending_is_404(event, pending):
    response = Api(UserFactory()).patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"title": "Stolen"}))
    assert response.status_code == 404


def test_patch_keeps_omitted_fields(as_role, event):
    session = SessionFactory(event=event, is_locked=True, level="Expert")
    response = as_role("organizer").patch(f"/v1/sessions/{session.pk}", patch_body(session, {"title": "New"}))
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.is_locked is True
    assert session.level == "Expert"
    assert session.state == "accepted"


def test_patch_with_mismatched_id_is_400(as_role, event):
    session = SessionFactory(event=event)
    body = resource("session", {"title": "x"}, id=session.pk + 1000)
    assert as_role("organizer").patch(f"/v1/sessions/{session.pk}", body).status_code == 400


def test_patch_ends_before_starts_is_422(as_role, event):
    session = SessionFactory(event=event)
    response = as_role("organizer").patch(
        f"/v1/sessions/{session.pk}", patch_body(session, {"ends-at": future(29).isoformat()})
    )
    assert response.status_code == 422
    assert "/data/attributes/ends-at" in pointers(response)


def test_patch_past_start_is_allowed_for_existing_sessions(as_role, event):
    session = SessionFactory(event=event)
    attrs = {"starts-at": future(-2).isoformat(), "ends-at": future(-2, 30).isoformat()}
    assert as_role("organizer").patch(f"/v1/sessions/{session.pk}", patch_body(session, attrs)).status_code == 200


def test_patch_to_another_events_track_is_422(as_role, event):
    session = SessionFactory(event=event)
    foreign = TrackFactory(event=EventFactory())
    response = as_role("organizer").patch(
        f"/v1/sessions/{session.pk}", patch_body(session, rels={"track": ("track", foreign.pk)})
    )
    assert response.status_code == 422
    assert "/data/relationships/track" in pointers(response)
    session.refresh_from_db()
    assert session.track is None


def test_patch_cannot_move_session_to_another_event(as_role, event):
    session = SessionFactory(event=event)
    other = EventFactory()
    response = as_role("admin").patch(
        f"/v1/sessions/{session.pk}", patch_body(session, rels={"event": ("event", other.pk)})
    )
    assert response.status_code == 422
    session.refresh_from_db()
    assert session.event == event


def test_patch_microlocation_by_speaker_is_dropped(event, speaker_user, pending):
    room = MicrolocationFactory(event=event)
    body = patch_body(pending, rels={"microlocation": ("microlocation", room.pk)})
    assert Api(speaker_user).patch(f"/v1/sessions/{pending.pk}", body).status_code == 200
    pending.refresh_from_db()
    assert pending.microlocation is None


def test_locked_session_only_organizers_edit(as_role, event, speaker_user, pending):
    pending.is_locked = True
    pending.save()
    response = Api(speaker_user).patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"title": "Sneaky"}))
    assert response.status_code == 403
    assert "/data/attributes/is-locked" in pointers(response)
    assert errors_of(response)[0]["detail"] == "Locked sessions cannot be edited"
    assert (
        as_role("coorganizer").patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"title": "x"})).status_code
        == 403
    )
    assert (
        as_role("organizer").patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"title": "Ok"})).status_code
        == 200
    )
    assert Api(speaker_user).delete(f"/v1/sessions/{pending.pk}").status_code == 403


def test_speaker_cannot_lock_a_session(speaker_user, pending):
    response = Api(speaker_user).patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"is-locked": True}))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.is_locked is False


def test_send_email_on_acceptance_mails_speakers_and_owner(
    as_role, role_users, event, pending, django_capture_on_commit_callbacks
):
    body = patch_body(pending, {"state": "accepted", "send-email": True})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert as_role("organizer").patch(f"/v1/sessions/{pending.pk}", body).status_code == 200
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert role_users["owner"].email in mail.outbox[0].to
    assert pending.speakers.get().email in mail.outbox[0].to


def test_state_change_without_send_email_sends_nothing(as_role, event, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organizer").patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"state": "rejected"}))
    assert response.status_code == 200
    assert mail.outbox == []


# --------------------------------------------------------------------- delete
@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_delete_session_refused(as_role, event, role, status):
    session = SessionFactory(event=event)
    assert as_role(role).delete(f"/v1/sessions/{session.pk}").status_code == status
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("role", WRITERS)
def test_delete_session_soft_deletes(as_role, event, role):
    session = SessionFactory(event=event)
    response = as_role(role).delete(f"/v1/sessions/{session.pk}")
    assert response.status_code == 200
    assert response.json()["meta"] == {"message": "Object successfully deleted"}
    assert not Session.objects.filter(pk=session.pk).exists()
    assert Session.all_objects.get(pk=session.pk).deleted_at is not None


def test_delete_own_pending_session(speaker_user, pending):
    assert Api(speaker_user).delete(f"/v1/sessions/{pending.pk}").status_code == 200
    assert not Session.objects.filter(pk=pending.pk).exists()


def test_permanent_delete_needs_organizer(as_role, event):
    session = SessionFactory(event=event)
    assert as_role("coorganizer").delete(f"/v1/sessions/{session.pk}", permanent="true").status_code == 403
    assert as_role("organizer").delete(f"/v1/sessions/{session.pk}", permanent="true").status_code == 200
    assert not Session.all_objects.filter(pk=session.pk).exists()


def test_restore_by_patching_deleted_at(as_role, event):
    session = SessionFactory(event=event)
    session.soft_delete()
    body = patch_body(session, {"deleted-at": None})
    response = as_role("organizer").client.patch(
        f"/v1/sessions/{session.pk}?get_trashed=true",
        __import__("json").dumps(body),
        content_type="application/vnd.api+json",
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.deleted_at is None


# -------------------------------------------------------------- relationships
def test_relationship_and_related_routes(event):
    session = full_session(event, speakers=2)
    session.creator = UserFactory()
    session.save()
    api = Api()
    body = api.get(f"/v1/sessions/{session.pk}/relationships/track").json()
    assert body["data"] == {"type": "track", "id": str(session.track_id)}
    body = api.get(f"/v1/sessions/{session.pk}/relationships/speakers").json()
    assert {item["id"] for item in body["data"]} == {str(s.pk) for s in session.speakers.all()}
    for rel, rtype, target in (
        ("track", "track", session.track_id),
        ("microlocation", "microlocation", session.microlocation_id),
        ("session-type", "session-type", session.session_type_id),
        ("event", "event", event.pk),
        ("creator", "user", session.creator_id),
    ):
        response = api.get(f"/v1/sessions/{session.pk}/{rel}")
        assert response.status_code == 200, (rel, response.content)
        assert response.json()["data"]["type"] == rtype
        assert response.json()["data"]["id"] == str(target)


def test_related_routes_of_hidden_session_are_404(pending):
    assert Api().get(f"/v1/sessions/{pending.pk}/relationships/track").status_code == 404
    assert Api().get(f"/v1/sessions/{pending.pk}/event").status_code == 404
    assert Api().get(f"/v1/sessions/{pending.pk}/speakers").status_code == 404
