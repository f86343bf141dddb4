"""`GET /v1/sessions/mails` and `POST /v1/sessions/<id>/notify` (reference §3.10), through HTTP and the mail outbox."""

import json

import pytest
from django.core import mail

from events.models import Session
from tests.conftest import Api
from tests.events.support import CO_ORGANIZERS, ROLES, write_status
from tests.factories import SessionFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def accepted(event):
    session = SessionFactory(event=event, state="accepted", title="Fast <Django>")
    session.speakers.add(SpeakerFactory(event=event, email="ada@example.org"))
    return session


def notify(client, session_id, body=None):
    return client.client.post(
        f"/v1/sessions/{session_id}/notify", json.dumps(body or {}), content_type="application/json"
    )


def test_mails_lists_a_template_per_state():
    response = Api().get("/v1/sessions/mails")
    assert response.status_code == 200
    mails = response.json()
    assert set(mails) == {state.value for state in Session.State}
    for template in mails.values():
        assert "{session_name}" in template["subject"] + template["message"]
        assert "<br/>" in template["message"]


@pytest.mark.parametrize("role", ROLES)
def test_notify_per_role(as_role, role_users, accepted, role):
    status = write_status(role, CO_ORGANIZERS)
    response = notify(as_role(role), accepted.pk)
    assert response.status_code == status, response.content
    if status != 200:
        assert mail.outbox == []
        return
    assert response.json() == {"success": True}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == sorted(["ada@example.org", role_users["owner"].email])
    assert sent.subject == "Accepted! Your submission 'Fast <Django>' for " + accepted.event.name
    html = sent.alternatives[0][0]
    assert "Fast &lt;Django&gt;" in html and "{session_name}" not in html
    accepted.refresh_from_db()
    assert accepted.is_mail_sent is True


def test_custom_subject_and_message_are_filled_cleaned_and_bcc_is_honoured(as_role, accepted, role_users):
    chair = role_users["coorganizer"].email
    body = {
        "subject": "About {session_name}\r\nBcc: victim@example.org",
        "message": "Dear speaker,<br/>see {session_link}<script>alert(1)</script>",
        "bcc": [chair.upper()],
    }
    assert notify(as_role("organizer"), accepted.pk, body).status_code == 200
    sent = mail.outbox[0]
    assert sent.subject == "About Fast <Django> Bcc: victim@example.org"  # one header line, no injection
    assert sent.bcc == [chair.upper()]
    html = sent.alternatives[0][0]
    assert "<script>" not in html and "alert(1)" not in html
    assert f"/events/{accepted.event.identifier}/sessions/{accepted.pk}" in html
    assert "Dear speaker,\nsee http" in sent.body


@pytest.mark.parametrize(
    "body",
    [
        {"subject": "x" * 251},
        {"message": "x" * 5001},
        {"bcc": ["not-an-address"]},
        {"bcc": [f"p{i}@example.org" for i in range(11)]},
        {"bcc": "chair@example.org"},
    ],
)
def test_bad_notify_body_is_422_and_sends_nothing(as_role, accepted, body):
    response = notify(as_role("organizer"), accepted.pk, body)
    assert response.status_code == 422, response.content
    assert mail.outbox == []


@pytest.mark.parametrize("ref", ["999999", "abc", "1%00"])
def test_notify_of_an_unknown_session_is_404(as_role, ref):
    assert notify(as_role("admin"), ref).status_code == 404


def test_a_pending_session_is_404_for_those_who_cannot_read_it(event):
    pending = SessionFactory(event=event, state="pending")
    assert notify(Api(UserFactory()), pending.pk).status_code == 404


def test_mail_server_down_is_503_and_the_session_is_not_marked(settings, as_role, accepted):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = notify(as_role("organizer"), accepted.pk)
    assert response.status_code == 503
    assert "nothing was sent" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.is_mail_sent is False


def test_a_bad_bcc_address_is_pointed_at(as_role, accepted):
    response = notify(as_role("organizer"), accepted.pk, {"bcc": ["chair@example.org", "nope"]})
    errors = response.json()["errors"]
    assert [e["source"]["pointer"] for e in errors] == ["/bcc/1"]
    assert "valid email" in errors[0]["detail"]
