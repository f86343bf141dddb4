"""Role invites: how an event's team is built (organizer invites by e-mail, invitee accepts with the token)."""

import re

import pytest
from django.core import mail

from events.models import Role, UsersEventsRoles
from invites.models import RoleInvite
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ORGANIZERS, ROLES, error_pointers, iso, write_status
from tests.factories.events import EventFactory, grant
from tests.factories.invites import RoleInviteFactory, invite_with_token
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def invite_body(event, email="new.member@example.org", role="coorganizer", **attrs):
    return resource(
        "role-invite",
        {"email": email, "role-name": role, **attrs},
        {"event": ("event", event.pk), "role": ("role", Role.named(role).pk)},
    )


def token_in(message):
    return re.search(r"token=([\w-]+)", message.body).group(1)


@pytest.mark.parametrize("role", ROLES)
def test_organizers_invite_by_mail_and_the_token_is_only_in_the_mail(
    as_role, event, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).post("/v1/role-invites", invite_body(event, email=" New.Member@Example.org"))
    assert response.status_code == write_status(role, ORGANIZERS, 201), response.content
    if response.status_code != 201:
        assert not RoleInvite.objects.filter(email="new.member@example.org").exists()
        assert mail.outbox == []
        return
    data = response.json()["data"]
    assert data["attributes"]["email"] == "new.member@example.org"
    assert data["attributes"]["status"] == "pending"
    assert "hash" not in data["attributes"] and "token" not in data["attributes"]
    assert data["relationships"]["event"]["data"] == {"type": "event", "id": str(event.pk)}
    assert response["Location"] == f"/v1/role-invites/{data['id']}"
    (message,) = mail.outbox
    assert message.to == ["new.member@example.org"]
    token = token_in(message)
    assert f"/e/{event.identifier}/role-invites?token={token}" in message.body
    invite = RoleInvite.objects.get(pk=data["id"])
    assert token not in invite.token_digest and token not in response.content.decode()


@pytest.mark.parametrize(
    ("attrs", "relationships", "pointer"),
    [
        ({"role-name": "coorganizer"}, None, "/data/attributes/email"),
        ({"email": "not an address", "role-name": "coorganizer"}, None, "/data/attributes/email"),
        ({"email": "a@example.org", "role-name": "organizer"}, None, "/data/attributes/role-name"),
        ({"email": "a@example.org", "role-name": "janitor"}, None, "/data/attributes/role-name"),
        ({"email": "a@example.org"}, {"role": None}, "/data/relationships/role"),
    ],
)
def test_bad_invites_are_422_and_write_nothing(as_role, event, attrs, relationships, pointer):
    body = invite_body(event)
    body["data"]["attributes"] = attrs
    if relationships:
        body["data"]["relationships"]["role"] = {"data": None}
    response = as_role("owner").post("/v1/role-invites", body)
    assert response.status_code == 422, response.content
    assert pointer in error_pointers(response)
    assert not RoleInvite.objects.exists()
    assert mail.outbox == []


def test_a_role_that_cannot_be_invited_is_422(as_role, event):
    custom = Role.objects.create(name="volunteer-lead")
    body = invite_body(event)
    body["data"]["attributes"] = {"email": "a@example.org"}
    body["data"]["relationships"]["role"] = {"data": {"type": "role", "id": str(custom.pk)}}
    response = as_role("owner").post("/v1/role-invites", body)
    assert response.status_code == 422
    assert "/data/relationships/role" in error_pointers(response)
    assert not RoleInvite.objects.filter(email="a@example.org").exists()


def test_a_second_invite_to_the_same_role_is_409(as_role, event):
    RoleInviteFactory(event=event, email="twice@example.org", role_name="coorganizer")
    response = as_role("owner").post("/v1/role-invites", invite_body(event, email="twice@example.org"))
    assert response.status_code == 409
    assert RoleInvite.objects.filter(email="twice@example.org").count() == 1


def test_only_the_owner_invites_a_new_owner_and_that_withdraws_the_pending_one(as_role, event):
    old = RoleInviteFactory(event=event, email="first@example.org", role_name="owner")
    denied = as_role("organizer").post("/v1/role-invites", invite_body(event, email="o@example.org", role="owner"))
    assert denied.status_code == 403
    response = as_role("owner").post("/v1/role-invites", invite_body(event, email="o@example.org", role="owner"))
    assert response.status_code == 201, response.content
    assert not RoleInvite.objects.filter(pk=old.pk).exists()


def test_invites_to_a_draft_are_404_for_outsiders(draft_event):
    response = Api(UserFactory()).post("/v1/role-invites", invite_body(draft_event))
    assert response.status_code == 404
    assert not RoleInvite.objects.filter(event=draft_event).exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_event_list_is_for_co_organizers(as_role, event, role):
    RoleInviteFactory(event=event)
    RoleInviteFactory()  # another event's
    response = as_role(role).get(f"/v1/events/{event.identifier}/role-invites")
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    if response.status_code == 200:
        # The event's own creation left an accepted owner invite only when made through the API.
        assert {item["attributes"]["email"] for item in response.json()["data"]} == {
            RoleInvite.objects.filter(event=event).get().email
        }


def test_the_list_costs_a_fixed_number_of_queries(as_role, event, django_assert_max_num_queries):
    client = as_role("coorganizer")
    RoleInviteFactory(event=event)
    with django_assert_max_num_queries(12) as one:
        client.get(f"/v1/events/{event.pk}/role-invites", include="role,event")
    for _ in range(5):
        RoleInviteFactory(event=event)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/v1/events/{event.pk}/role-invites", include="role,event")
    assert len(response.json()["data"]) == 6
    assert {item["type"] for item in response.json()["included"]} == {"role", "event"}


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_for_co_organizers_and_the_invitee(as_role, event, role):
    invite = RoleInviteFactory(event=event)
    response = as_role(role).get(f"/v1/role-invites/{invite.pk}")
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    invitee = UserFactory(email=invite.email)
    assert Api(invitee).get(f"/v1/role-invites/{invite.pk}").status_code == 200
    assert Api(invitee).get(f"/v1/role-invites/{invite.pk}/role").json()["data"]["attributes"]["name"] == "coorganizer"


@pytest.mark.parametrize("role", ROLES)
def test_organizers_withdraw_pending_invites(as_role, event, role):
    invite = RoleInviteFactory(event=event)
    response = as_role(role).delete(f"/v1/role-invites/{invite.pk}")
    assert response.status_code == write_status(role, ORGANIZERS), response.content
    assert RoleInvite.objects.filter(pk=invite.pk).exists() == (response.status_code != 200)


def test_an_accepted_invite_cannot_be_deleted(as_role, event):
    invite = RoleInviteFactory(event=event, status="accepted")
    assert as_role("owner").delete(f"/v1/role-invites/{invite.pk}").status_code == 409
    assert RoleInvite.objects.filter(pk=invite.pk).exists()


def test_invites_are_not_edited(as_role, event):
    invite = RoleInviteFactory(event=event)
    body = resource("role-invite", {"email": "other@example.org"}, id=invite.pk)
    assert as_role("owner").patch(f"/v1/role-invites/{invite.pk}", body).status_code == 405
    rel = {"data": {"type": "role", "id": str(Role.named("organizer").pk)}}
    assert as_role("owner").patch(f"/v1/role-invites/{invite.pk}/relationships/role", rel).status_code == 405
    invite.refresh_from_db()
    assert (invite.email, invite.role_name) != ("other@example.org", "organizer")


# ------------------------------------------------------------------------------------------ accepting
def accept(user, token):
    return Api(user).client.post(
        "/v1/role_invites/accept-invite",
        {"data": {"token": token}},
        format="json",
        HTTP_ACCEPT="application/vnd.api+json",
    )


def test_the_invitee_accepts_and_joins_the_team(as_role, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_role("owner").post("/v1/role-invites", invite_body(event, email="joiner@example.org"))
    token = token_in(mail.outbox[0])
    joiner = UserFactory(email="joiner@example.org", first_name="Jo", last_name="Iner", is_verified=False)

    whom = Api().client.post("/v1/role_invites/user", {"data": {"token": token}}, format="json")
    assert whom.status_code == 200 and whom.json() == {"email": "joiner@example.org"}

    assert accept(None, token).status_code == 401
    assert accept(UserFactory(), token).status_code == 403
    assert not UsersEventsRoles.objects.filter(user=joiner).exists()

    response = accept(joiner, token)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "email": "joiner@example.org",
        "event": event.pk,
        "event_identifier": event.identifier,
        "name": "Jo Iner",
        "role": "coorganizer",
    }
    joiner.refresh_from_db()
    assert joiner.is_verified
    assert RoleInvite.objects.get(email="joiner@example.org").status == "accepted"
    # Now a co-organizer: the team list is open to him and shows him.
    team = Api(joiner).get(f"/v1/events/{event.pk}/users-events-roles", include="user,role")
    assert team.status_code == 200
    assert joiner.email in {
        item["attributes"].get("email") for item in team.json()["included"] if item["type"] == "user"
    }

    assert accept(joiner, token).status_code == 409
    assert UsersEventsRoles.objects.filter(user=joiner, event=event).count() == 1


@pytest.mark.parametrize("body", [{}, {"data": {}}, {"data": {"token": 5}}, {"data": "x"}, []])
def test_token_routes_refuse_a_body_without_token(body):
    for route in ("/v1/role_invites/user", "/v1/role_invites/accept-invite"):
        response = Api(UserFactory()).client.post(route, body, format="json")
        assert response.status_code == 422, (route, response.content)
        assert response.json()["errors"][0]["source"] == {"pointer": "/data/token"}


def test_an_unknown_token_is_404():
    assert accept(UserFactory(), "nope").status_code == 404
    assert Api().client.post("/v1/role_invites/user", {"data": {"token": "nope"}}, format="json").status_code == 404


def test_a_new_owner_takes_over_and_the_old_one_stays_organizer(role_users, event):
    invite, token = invite_with_token(event=event, email="heir@example.org", role_name="owner")
    heir = UserFactory(email="heir@example.org")
    assert accept(heir, token).status_code == 200
    roles = dict(
        UsersEventsRoles.objects.filter(event=event, user__in=[heir, role_users["owner"]]).values_list(
            "user", "role__name"
        )
    )
    assert roles == {heir.pk: "owner", role_users["owner"].pk: "organizer"}
    assert UsersEventsRoles.objects.filter(event=event, role__name="owner").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_organizers_resend_with_a_new_token(as_role, event, role, django_capture_on_commit_callbacks):
    invite, old_token = invite_with_token(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).client.post(f"/v1/role-invites/{invite.pk}/resend-invite")
    assert response.status_code == write_status(role, ORGANIZERS), response.content
    if response.status_code != 200:
        assert mail.outbox == []
        return
    assert response.json() == {"success": True, "message": "Invite resent successfully"}
    new_token = token_in(mail.outbox[0])
    assert new_token != old_token
    invitee = UserFactory(email=invite.email)
    assert accept(invitee, old_token).status_code == 404
    assert accept(invitee, new_token).status_code == 200


def test_creating_an_event_records_the_owner_invite_and_removing_a_role_removes_its_invite(event):
    creator = UserFactory()
    response = Api(creator).post(
        "/v1/events", resource("event", {"name": "Mine", "timezone": "UTC", "starts-at": iso(40), "ends-at": iso(41)})
    )
    assert response.status_code == 201, response.content
    invite = RoleInvite.objects.get(event_id=response.json()["data"]["id"])
    assert (invite.email, invite.role_name, invite.status) == (creator.email, "owner", "accepted")

    member = UserFactory()
    row = grant(member, event, "coorganizer")
    RoleInviteFactory(event=event, email=member.email, role_name="coorganizer", status="accepted")
    row.delete()
    assert not RoleInvite.objects.filter(event=event, email=member.email).exists()


def test_other_events_invites_do_not_leak_into_a_list(as_role, event):
    other = EventFactory()
    RoleInviteFactory(event=other)
    response = as_role("owner").get(f"/v1/events/{other.pk}/role-invites")
    assert response.status_code == 403
