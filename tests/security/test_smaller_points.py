"""Issue 15 finding 10: the Stripe authorization's id behind its relationship routes, copies and rate of
`/v1/sessions/<id>/notify`."""

import json

import pytest
from cryptography.fernet import Fernet
from django.core import mail

from events.models import Session
from tests.conftest import Api
from tests.events.support import ROLES, write_status
from tests.factories import SessionFactory, SpeakerFactory, UserFactory
from tests.factories.events import grant
from tests.factories.payments import StripeAuthorizationFactory

pytestmark = pytest.mark.django_db

SEE_STRIPE = {"owner", "organizer", "admin", "super_admin"}


@pytest.mark.parametrize("role", ROLES)
def test_stripe_authorization_linkage_only_for_those_who_may_read_it(as_role, event, role, settings):
    settings.STRIPE_SECRETS_KEY = Fernet.generate_key().decode()
    event.can_pay_by_stripe = True
    event.save()
    authorization = StripeAuthorizationFactory(event=event)
    api = as_role(role)
    linkage = api.get(f"/v1/events/{event.pk}/relationships/stripe-authorization")
    related = api.get(f"/v1/events/{event.pk}/stripe-authorization")
    assert linkage.status_code == 200
    assert related.status_code == write_status(role, SEE_STRIPE)  # the authorization's own read rule
    if role in SEE_STRIPE:
        assert linkage.json()["data"] == {"type": "stripe-authorization", "id": str(authorization.pk)}
        assert related.json()["data"]["id"] == str(authorization.pk)
    else:
        assert linkage.json()["data"] is None
        assert str(authorization.stripe_user_id) not in related.content.decode()


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def accepted(event):
    session = SessionFactory(event=event, state=Session.State.ACCEPTED)
    session.speakers.add(SpeakerFactory(event=event, email="ada@example.org"))
    return session


def notify(api, session, body):
    url = f"/v1/sessions/{session.pk}/notify"
    return api.client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("stranger", ["victim@example.org", "someone@elsewhere.test"])
def test_notify_copies_go_only_to_the_events_speakers_and_team(as_role, accepted, role_users, stranger):
    other_event_speaker = SpeakerFactory(email="other@example.org")  # a speaker of another event
    for bcc in ([stranger], ["ada@example.org", stranger], [other_event_speaker.email]):
        response = notify(as_role("coorganizer"), accepted, {"subject": "Hi", "message": "Buy now", "bcc": bcc})
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["source"]["pointer"] == "/bcc"
    assert mail.outbox == []
    team = [role_users["track_organizer"].email, "ADA@example.org"]
    assert notify(as_role("coorganizer"), accepted, {"bcc": team}).status_code == 200
    assert mail.outbox[0].bcc == team


def test_notify_is_rate_limited_per_user(as_role, accepted, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "notify": "3/hour"}}
    from eventyay.users.throttles import NotifyThrottle

    NotifyThrottle.THROTTLE_RATES = {**rates, "notify": "3/hour"}
    try:
        organizer = as_role("organizer")
        statuses = [notify(organizer, accepted, {}).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert len(mail.outbox) == 3
        assert notify(organizer, accepted, {}).json()["errors"][0]["status"] == "429"
        other = UserFactory()
        grant(other, accepted.event, "organizer")
        assert notify(Api(other), accepted, {}).status_code == 200  # a counter per user
    finally:
        del NotifyThrottle.THROTTLE_RATES
