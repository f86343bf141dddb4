"""The session state machine (reference §3.10): each role's transition table, through the API and as one call."""

import pytest
from django.core import mail

from events.domain import sessions
from eventyay.errors import Forbidden
from tests.conftest import Api
from tests.events.sessions_support import errors_of, patch_body, pointers
from tests.factories.events import SessionFactory
from tests.factories.sessions import future, submitted_by

pytestmark = pytest.mark.django_db


ORGANIZER_ALLOWED = {
    "draft": set(),
    "pending": {"withdrawn", "accepted", "rejected", "confirmed"},
    "accepted": {"pending", "withdrawn", "rejected", "confirmed", "canceled"},
    "confirmed": {"pending", "withdrawn", "accepted", "rejected", "canceled"},
    "rejected": {"pending", "withdrawn", "accepted", "confirmed"},
    "canceled": {"pending", "withdrawn", "accepted", "rejected", "confirmed"},
    "withdrawn": {"pending", "withdrawn", "accepted", "rejected", "canceled"},
}
SPEAKER_ALLOWED = {
    "draft": {"pending"},
    "pending": {"withdrawn"},
    "accepted": {"withdrawn"},
    "confirmed": {"withdrawn"},
    "rejected": {"withdrawn"},
    "canceled": {"withdrawn"},
    "withdrawn": set(),
}
STATES = tuple(ORGANIZER_ALLOWED)
PAIRS = [(a, b) for a in STATES for b in STATES if a != b]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_organizer_state_table(as_role, event, old, new):
    session = SessionFactory(event=event, state=old)
    response = as_role("organizer").patch(f"/v1/sessions/{session.pk}", patch_body(session, {"state": new}))
    session.refresh_from_db()
    if new in ORGANIZER_ALLOWED[old]:
        assert response.status_code == 200, response.content
        assert session.state == new
    else:
        assert response.status_code == 403
        assert errors_of(response)[0]["detail"] == f'You cannot change a session state from "{old}" to "{new}"'
        assert "/data/attributes/state" in pointers(response)
        assert session.state == old


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_speaker_state_table(event, speaker_user, old, new):
    session = submitted_by(speaker_user, event, state=old)
    response = Api(speaker_user).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"state": new}))
    session.refresh_from_db()
    if new in SPEAKER_ALLOWED[old]:
        assert response.status_code == 200, response.content
        assert session.state == new
    else:
        assert response.status_code == 403
        assert session.state == old


def test_speaker_table_applies_after_the_session_ended(event, speaker_user):
    session = submitted_by(speaker_user, event, state="rejected", starts_at=future(-3), ends_at=future(-3, 30))
    response = Api(speaker_user).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"state": "accepted"}))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ("coorganizer", "track_organizer"))
def test_coorganizer_uses_the_speaker_table(as_role, role_users, event, role):
    session = SessionFactory(event=event, state="pending", creator=role_users[role])
    response = as_role(role).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"state": "accepted"}))
    assert response.status_code == 403


def test_admin_uses_the_organizer_table(as_role, event, pending):
    assert (
        as_role("admin").patch(f"/v1/sessions/{pending.pk}", patch_body(pending, {"state": "accepted"})).status_code
        == 200
    )


def test_unchanged_state_is_no_transition(event, speaker_user):
    session = submitted_by(speaker_user, event, state="withdrawn")
    response = Api(speaker_user).patch(f"/v1/sessions/{session.pk}", patch_body(session, {"state": "withdrawn"}))
    assert response.status_code == 200


def test_change_state_is_the_same_machine_for_jobs_and_the_admin(
    role_users, event, pending, speaker_user, django_capture_on_commit_callbacks
):
    with pytest.raises(Forbidden) as refused:
        sessions.change_state(speaker_user, pending, "accepted")
    assert refused.value.field == "state"
    pending.refresh_from_db()
    assert pending.state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        sessions.change_state(role_users["organizer"], pending, "accepted", send_email=True)
    pending.refresh_from_db()
    assert pending.state == "accepted"
    assert len(mail.outbox) == 1 and role_users["owner"].email in mail.outbox[0].to
