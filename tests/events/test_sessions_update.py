"""Sessions (reference §3.10): update and delete per role, the rules of a PATCH, locks, the state-change mail."""

import pytest
from django.core import mail

from events.models import Session
from tests.conftest import Api, resource
from tests.events.sessions_support import WRITERS, errors_of, patch_body, pointers
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


# --------------------------------------------------------------------- update
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
