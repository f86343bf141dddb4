"""Speaker invites: a session's speaker invites a co-speaker, who accepts with his own speaker profile."""

import pytest
from django.core import mail

from invites.models import SpeakerInvite
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ROLES, error_pointers, write_status
from tests.factories.events import EventFactory, SessionFactory, SpeakerFactory
from tests.factories.invites import SpeakerInviteFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return SessionFactory(event=event)


@pytest.fixture
def speaker_user(session):
    """The user who speaks at `session` (his speaker row is his own)."""
    user = UserFactory()
    session.speakers.add(SpeakerFactory(event=session.event, user=user, email=user.email))
    return user


def body(session, email="co.speaker@example.org"):
    return resource(
        "speaker-invite",
        {"email": email, "status": "accepted"},  # status is read-only: an invite starts pending
        {"event": ("event", session.event_id), "session": ("session", session.pk)},
    )


@pytest.mark.parametrize("role", ROLES)
def test_speakers_and_organizers_invite(as_role, session, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).post("/v1/speaker-invites", body(session))
    assert response.status_code == write_status(role, CO_ORGANIZERS, 201), response.content
    assert SpeakerInvite.objects.exists() == (response.status_code == 201)
    assert len(mail.outbox) == (response.status_code == 201)
    if response.status_code == 201:
        assert response.json()["data"]["attributes"]["status"] == "pending"
        assert mail.outbox[0].to == ["co.speaker@example.org"]
        assert f"/e/{session.event.identifier}/cfs" in mail.outbox[0].body


def test_the_sessions_speaker_invites(speaker_user, session):
    response = Api(speaker_user).post("/v1/speaker-invites", body(session))
    assert response.status_code == 201, response.content
    assert Api(speaker_user).get(f"/v1/sessions/{session.pk}/speaker-invites").json()["meta"]["count"] == 1


def test_bad_invites_write_nothing(speaker_user, session):
    client = Api(speaker_user)
    other = SessionFactory(event=EventFactory())
    mismatched = body(session)
    mismatched["data"]["relationships"]["session"]["data"]["id"] = str(other.pk)
    cases = [
        (body(session, email="nope"), 422, "/data/attributes/email"),
        (mismatched, 422, "/data/relationships/session"),
        (body(session, email=speaker_user.email), 409, None),
    ]
    for payload, status, pointer in cases:
        response = client.post("/v1/speaker-invites", payload)
        assert response.status_code == status, response.content
        if pointer:
            assert pointer in error_pointers(response)
    assert not SpeakerInvite.objects.exists()
    SpeakerInviteFactory(session=session, email="dup@example.org")
    assert client.post("/v1/speaker-invites", body(session, email="dup@example.org")).status_code == 409


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ["events/{event}", "sessions/{session}"])
def test_lists_are_for_the_sessions_speakers_and_co_organizers(as_role, session, role, route):
    SpeakerInviteFactory(session=session)
    SpeakerInviteFactory()  # another event's
    url = "/v1/" + route.format(event=session.event.identifier, session=session.pk) + "/speaker-invites"
    response = as_role(role).get(url)
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    if response.status_code == 200:
        assert response.json()["meta"]["count"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_full_list_is_for_admins(as_role, role):
    SpeakerInviteFactory()
    response = as_role(role).get("/v1/speaker-invites")
    assert response.status_code == write_status(role, {"admin", "super_admin"}), response.content


def test_lists_cost_a_fixed_number_of_queries(as_role, session, django_assert_max_num_queries):
    client = as_role("coorganizer")
    SpeakerInviteFactory(session=session)
    with django_assert_max_num_queries(15) as one:
        client.get(f"/v1/events/{session.event_id}/speaker-invites", include="session,event")
    for _ in range(4):
        SpeakerInviteFactory(session=SessionFactory(event=session.event))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/v1/events/{session.event_id}/speaker-invites", include="session,event")
    assert response.json()["meta"]["count"] == 5


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_delete(as_role, session, role):
    invite = SpeakerInviteFactory(session=session)
    assert as_role(role).get(f"/v1/speaker-invites/{invite.pk}").status_code == write_status(role, CO_ORGANIZERS)
    response = as_role(role).delete(f"/v1/speaker-invites/{invite.pk}")
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    assert SpeakerInvite.objects.filter(pk=invite.pk).exists() == (response.status_code != 200)


def test_accepted_invites_stay(as_role, session):
    invite = SpeakerInviteFactory(session=session, status="accepted")
    assert as_role("owner").delete(f"/v1/speaker-invites/{invite.pk}").status_code == 409


def test_the_invitee_accepts_with_his_speaker_profile(session):
    invite = SpeakerInviteFactory(session=session, email="cospeaker@example.org")
    invitee = UserFactory(email="cospeaker@example.org")
    url = f"/v1/speaker-invites/{invite.pk}/accept-invite"
    assert Api().client.get(url).status_code == 401
    assert Api(UserFactory()).client.get(url).status_code == 403
    assert Api(invitee).get(f"/v1/speaker-invites/{invite.pk}").status_code == 200
    assert Api(invitee).client.get(url).status_code == 404  # no speaker profile yet
    speaker = SpeakerFactory(event=session.event, email="cospeaker@example.org", user=invitee)
    response = Api(invitee).client.get(url, HTTP_ACCEPT="application/vnd.api+json")
    assert response.status_code == 200, response.content
    assert response.json()["session"] == session.pk and response.json()["speaker"] == speaker.pk
    assert session.speakers.filter(pk=speaker.pk).exists()
    invite.refresh_from_db()
    assert invite.status == "accepted"
    assert Api(invitee).client.get(url).status_code == 409
    assert Api(invitee).client.post(f"/v1/speaker-invites/{invite.pk}/reject-invite").status_code == 409


def test_the_invitee_rejects(session):
    invite = SpeakerInviteFactory(session=session, email="no@example.org")
    url = f"/v1/speaker-invites/{invite.pk}/reject-invite"
    assert Api(UserFactory()).client.post(url).status_code == 403
    response = Api(UserFactory(email="no@example.org")).client.post(url)
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Speaker invite rejected successfully"}
    invite.refresh_from_db()
    assert invite.status == "rejected"
    assert not session.speakers.filter(email="no@example.org").exists()


def test_unknown_invites_are_404():
    assert Api(UserFactory()).client.get("/v1/speaker-invites/999999/accept-invite").status_code == 404
    assert Api(UserFactory()).client.get("/v1/speaker-invites/abc/reject-invite").status_code == 404
