"""The team and the discount codes as the web client writes them: a role invite saved from the team page, the
invitee's page that accepts it with the mailed token (`loader.post`, plain JSON), a co-speaker invite accepted
with a GET, and discount codes created, edited, switched off and deleted from the tickets pages."""

import re

import pytest
from django.core import mail

from discounts.models import DiscountCode
from events.models import Role, UsersEventsRoles
from invites.models import RoleInvite
from tests.client.ember import DISCOUNT_CODE, ROLE_INVITE, body, edited
from tests.client.test_write_flows_sessions import new_speaker, now_iso
from tests.conftest import JSONAPI, Api
from tests.factories import SessionFactory, TicketFactory, UserFactory
from tests.factories.invites import SpeakerInviteFactory

pytestmark = pytest.mark.django_db


def loader_post(api, url, payload=None):
    """The client's `loader.post`: JSON body as application/json, Accept from the JSON:API adapter."""
    if payload is None:
        return api.client.post(url, HTTP_ACCEPT=JSONAPI)
    return api.client.post(url, payload, format="json", HTTP_ACCEPT=JSONAPI)


def test_team_invite_then_accept(as_role, event, django_capture_on_commit_callbacks):
    organizer = as_role("organizer")
    roles = organizer.get("/v1/roles").json()["data"]
    role_id = next(item["id"] for item in roles if item["attributes"]["name"] == "coorganizer")
    invitee = UserFactory(email="newcomer@example.org")
    document = body(
        "role-invite",
        ROLE_INVITE,
        {"email": invitee.email, "status": "pending", "created-at": now_iso(), "role-name": "coorganizer"},
        {"event": ("event", event.pk), "role": ("role", role_id)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post("/v1/role-invites", document)
    assert response.status_code == 201, response.content
    invite_id = response.json()["data"]["id"]
    listed = organizer.get(f"/v1/events/{event.pk}/role-invites", include="role")
    assert listed.status_code == 200, listed.content
    assert [item["id"] for item in listed.json()["data"]] == [invite_id]

    with django_capture_on_commit_callbacks(execute=True):
        resent = loader_post(organizer, f"/v1/role-invites/{invite_id}/resend-invite")
    assert resent.status_code == 200, resent.content
    assert resent.json()["success"] is True
    token = re.search(r"role-invites\?token=(\S+)", mail.outbox[-1].body).group(1)

    newcomer = Api(invitee)
    who = loader_post(Api(), "/v1/role_invites/user", {"data": {"token": token}})
    assert who.status_code == 200, who.content
    assert who.json()["email"] == invitee.email
    accepted = loader_post(newcomer, "/v1/role_invites/accept-invite", {"data": {"token": token}})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["event_identifier"] == event.identifier
    assert UsersEventsRoles.objects.filter(user=invitee, event=event, role=Role.named("coorganizer")).exists()
    assert RoleInvite.objects.get(pk=invite_id).status == "accepted"


def test_team_invite_withdrawn(as_role, event):
    organizer = as_role("organizer")
    role_id = Role.named("track_organizer").pk
    document = body(
        "role-invite",
        ROLE_INVITE,
        {"email": "later@example.org", "status": "pending", "role-name": "track_organizer"},
        {"event": ("event", event.pk), "role": ("role", role_id)},
    )
    invite_id = organizer.post("/v1/role-invites", document).json()["data"]["id"]
    assert as_role("user").delete(f"/v1/role-invites/{invite_id}").status_code in (403, 404)
    response = organizer.delete(f"/v1/role-invites/{invite_id}")
    assert response.status_code == 200, response.content
    assert not RoleInvite.objects.filter(pk=invite_id).exists()


def test_co_speaker_accepts_with_a_get(event):
    """The invite page reads the invite and its session, needs the user's speaker profile, then GETs accept."""
    user = UserFactory()
    invite = SpeakerInviteFactory(session=SessionFactory(event=event), email=user.email)
    speaker_api = Api(user)
    read = speaker_api.get(f"/v1/speaker-invites/{invite.pk}", include="session,event")
    assert read.status_code == 200, read.content
    session = speaker_api.get(f"/v1/speaker-invites/{invite.pk}/session", include="session-type,speakers,track,event")
    assert session.status_code == 200, session.content
    assert session.json()["data"]["type"] == "session"
    assert {item["type"] for item in session.json().get("included", [])} == {"event"}
    profile = speaker_api.post("/v1/speakers", new_speaker(event, user, name="Co", email=user.email))
    assert profile.status_code == 201, profile.content
    response = speaker_api.client.get(f"/v1/speaker-invites/{invite.pk}/accept-invite", HTTP_ACCEPT=JSONAPI)
    assert response.status_code == 200, response.content
    invite.refresh_from_db()
    assert invite.status == "accepted"
    assert invite.session.speakers.filter(email=user.email).exists()


def new_code(event, marketer, tickets, **values):
    discount_url = f"https://eventyay.test/e/{event.identifier}?code={values.get('code', '')}"
    attributes = {
        "type": "amount",
        "tickets-number": 10,
        "min-quantity": 1,
        "max-quantity": 1,
        "valid-from": now_iso(),
        "valid-till": event.ends_at.isoformat().replace("+00:00", "Z"),
        "used-for": "ticket",
        "is-active": True,
        "discount-url": discount_url,
        **values,
    }
    rels = {
        "event": ("event", event.pk),
        "marketer": ("user", marketer.pk),
        "tickets": [("ticket", ticket.pk) for ticket in tickets],
    }
    return body("discount-code", DISCOUNT_CODE, attributes, rels)


def test_discount_code_create_edit_toggle_delete(as_role, role_users, event):
    organizer = as_role("organizer")
    paid = [TicketFactory(event=event, type="paid", price=20) for _ in range(2)]
    created = organizer.post(
        "/v1/discount-codes", new_code(event, role_users["organizer"], paid[:1], code="EARLY", value=5)
    )
    assert created.status_code == 201, created.content
    code_id = created.json()["data"]["id"]
    code = DiscountCode.objects.get(pk=code_id)
    assert (code.code, code.used_for, list(code.tickets.all())) == ("EARLY", "ticket", paid[:1])

    tickets = [("ticket", ticket.pk) for ticket in paid]
    rels = {"event": ("event", event.pk), "tickets": tickets}
    document = edited(organizer, f"/v1/discount-codes/{code_id}", "discount-code", DISCOUNT_CODE, {"value": 7}, rels)
    response = organizer.patch(f"/v1/discount-codes/{code_id}", document)
    assert response.status_code == 200, response.content
    code.refresh_from_db()
    assert (float(code.value), code.tickets.count()) == (7.0, 2)

    document = edited(organizer, f"/v1/discount-codes/{code_id}", "discount-code", DISCOUNT_CODE, {"is-active": False})
    response = organizer.patch(f"/v1/discount-codes/{code_id}", document)
    assert response.status_code == 200, response.content
    code.refresh_from_db()
    assert code.is_active is False

    assert organizer.delete(f"/v1/discount-codes/{code_id}").status_code == 200
    assert not DiscountCode.objects.filter(pk=code_id).exists()


def test_discount_code_refused_to_outsiders(as_role, role_users, event):
    paid = [TicketFactory(event=event, type="paid", price=20)]
    document = new_code(event, role_users["user"], paid, code="NOPE", value=5)
    assert as_role("user").post("/v1/discount-codes", document).status_code == 403
    assert as_role("anonymous").post("/v1/discount-codes", document).status_code == 401
    assert not DiscountCode.objects.filter(code="NOPE").exists()
