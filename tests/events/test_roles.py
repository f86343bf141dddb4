"""Roles (admins write; built-ins fixed) and users-events-roles (co-organizers; the owner row stays)."""

import pytest

from events import models
from tests.conftest import resource
from tests.events.support import CO_ORGANIZERS, ORGANIZERS, ROLES, STAFF, ids, write_status
from tests.factories.events import EventFactory, RoleFactory, grant
from tests.factories.users import UserFactory


# --------------------------------------------------------------------------- roles
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_roles_read_by_anyone_written_by_admins(role, as_role):
    api = as_role(role)
    assert api.get("/v1/roles").status_code == 200
    response = api.post("/v1/roles", resource("role", {"name": "reviewer", "title-name": "Reviewer"}))
    expected = write_status(role, STAFF, ok=201)
    assert response.status_code == expected
    assert models.Role.objects.filter(name="reviewer").exists() == (expected == 201)


@pytest.mark.django_db
def test_custom_role_rename_and_delete(as_role):
    role = RoleFactory(name="reviewer")
    admin = as_role("admin")
    assert admin.patch(f"/v1/roles/{role.pk}", resource("role", {"name": "judge"}, id=role.pk)).status_code == 200
    assert as_role("owner").delete(f"/v1/roles/{role.pk}").status_code == 403
    assert admin.delete(f"/v1/roles/{role.pk}").status_code == 200
    assert not models.Role.objects.filter(pk=role.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["owner", "organizer", "coorganizer", "track_organizer", "attendee"])
def test_built_in_roles_cannot_be_renamed_or_deleted(name, as_role):
    role = models.Role.named(name)
    admin = as_role("super_admin")
    rename = admin.patch(f"/v1/roles/{role.pk}", resource("role", {"name": "boss"}, id=role.pk))
    assert rename.status_code == 422
    assert admin.delete(f"/v1/roles/{role.pk}").status_code == 422
    role.refresh_from_db()
    assert role.name == name
    retitle = admin.patch(f"/v1/roles/{role.pk}", resource("role", {"title-name": "Boss"}, id=role.pk))
    assert retitle.status_code == 200


@pytest.mark.django_db
def test_duplicate_role_name_is_409(as_role):
    RoleFactory(name="reviewer")
    assert as_role("admin").post("/v1/roles", resource("role", {"name": "reviewer"})).status_code == 409


@pytest.mark.django_db
def test_role_in_use_cannot_be_deleted(as_role, event):
    role = RoleFactory(name="reviewer")
    grant(UserFactory(), event, "reviewer")
    assert as_role("admin").delete(f"/v1/roles/{role.pk}").status_code == 409


# --------------------------------------------------------------- users-events-roles
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_event_roles_list_and_detail_for_coorganizers(role, as_role, event, role_users):
    api = as_role(role)
    listing = api.get(f"/v1/events/{event.identifier}/users-events-roles", include="user,role")
    expected = write_status(role, CO_ORGANIZERS)
    assert listing.status_code == expected
    row = models.UsersEventsRoles.objects.filter(event=event).first()
    assert api.get(f"/v1/users-events-roles/{row.pk}").status_code == expected
    if expected == 200:
        assert len(ids(listing)) == 4
        included = {i["type"] for i in listing.json()["included"]}
        assert included == {"user", "role"}
        assert all("password" not in i["attributes"] for i in listing.json()["included"])


@pytest.mark.django_db
def test_event_roles_of_draft_hidden_from_others(as_role):
    draft = EventFactory(state="draft")
    assert as_role("user").get(f"/v1/events/{draft.pk}/users-events-roles").status_code == 404


@pytest.mark.django_db
def test_no_post_of_event_roles(as_role):
    assert as_role("admin").post("/v1/users-events-roles", resource("users-events-roles")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_delete_event_role_per_role(role, as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["track_organizer"])
    response = as_role(role).delete(f"/v1/users-events-roles/{row.pk}")
    expected = write_status(role, ORGANIZERS)
    assert response.status_code == expected
    assert models.UsersEventsRoles.objects.filter(pk=row.pk).exists() == (expected != 200)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["owner", "coorganizer", "admin", "super_admin"])
def test_owner_row_cannot_be_deleted_or_changed(role, as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, role__name="owner")
    assert as_role(role).delete(f"/v1/users-events-roles/{row.pk}").status_code == 403
    organizer = models.Role.named("organizer")
    body = resource("users-events-roles", {}, {"role": ("role", organizer.pk)}, id=row.pk)
    assert as_role(role).patch(f"/v1/users-events-roles/{row.pk}", body).status_code == 403
    row.refresh_from_db()
    assert row.role.name == "owner"


@pytest.mark.django_db
def test_change_a_role_but_not_to_owner(as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["track_organizer"])
    url = f"/v1/users-events-roles/{row.pk}"
    to_owner = resource("users-events-roles", {}, {"role": ("role", models.Role.named("owner").pk)}, id=row.pk)
    assert as_role("organizer").patch(url, to_owner).status_code == 403
    assert as_role("admin").patch(url, to_owner).status_code == 403
    to_moderator = resource("users-events-roles", {}, {"role": ("role", models.Role.named("moderator").pk)}, id=row.pk)
    assert as_role("organizer").patch(url, to_moderator).status_code == 200
    row.refresh_from_db()
    assert row.role.name == "moderator"
    other = EventFactory()
    move = resource("users-events-roles", {}, {"event": ("event", other.pk)}, id=row.pk)
    assert as_role("organizer").patch(url, move).status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_change_of_a_role_row_per_role(role, as_role, event, role_users):
    """Issue 15 finding 2: only the owner, organizers and staff change role rows."""
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["track_organizer"])
    body = resource("users-events-roles", {}, {"role": ("role", models.Role.named("moderator").pk)}, id=row.pk)
    expected = write_status(role, ORGANIZERS)
    assert as_role(role).patch(f"/v1/users-events-roles/{row.pk}", body).status_code == expected
    row.refresh_from_db()
    assert (row.role.name == "moderator") == (expected == 200)


@pytest.mark.django_db
def test_coorganizer_cannot_promote_himself(as_role, event, role_users):
    """Issue 15 finding 2: the co-organizer's PATCH of his own row to organizer is refused (403)."""
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["coorganizer"])
    body = resource("users-events-roles", {}, {"role": ("role", models.Role.named("organizer").pk)}, id=row.pk)
    response = as_role("coorganizer").patch(f"/v1/users-events-roles/{row.pk}", body)
    assert response.status_code == 403
    assert response.json()["errors"][0]["detail"]
    row.refresh_from_db()
    assert row.role.name == "coorganizer"
    assert as_role("coorganizer").delete(f"/v1/events/{event.pk}").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coorganizer", "organizer", "owner", "admin"])
def test_nobody_re_points_a_role_row_to_another_user(role, as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["track_organizer"])
    body = resource("users-events-roles", {}, {"user": ("user", role_users["coorganizer"].pk)}, id=row.pk)
    response = as_role(role).patch(f"/v1/users-events-roles/{row.pk}", body)
    assert response.status_code == (403 if role == "coorganizer" else 422)
    row.refresh_from_db()
    assert row.user == role_users["track_organizer"]


@pytest.mark.django_db
def test_organizer_cannot_touch_the_owner_row(as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, role__name="owner")
    url = f"/v1/users-events-roles/{row.pk}"
    body = resource("users-events-roles", {}, {"user": ("user", role_users["organizer"].pk)}, id=row.pk)
    assert as_role("organizer").patch(url, body).status_code == 403
    assert as_role("organizer").delete(url).status_code == 403
    row.refresh_from_db()
    assert row.user == role_users["owner"]


@pytest.mark.django_db
def test_duplicate_event_role_is_409(as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, user=role_users["track_organizer"])
    grant(role_users["track_organizer"], event, "moderator")
    body = resource("users-events-roles", {}, {"role": ("role", models.Role.named("moderator").pk)}, id=row.pk)
    assert as_role("owner").patch(f"/v1/users-events-roles/{row.pk}", body).status_code == 409


@pytest.mark.django_db
def test_event_role_related_routes(as_role, event, role_users):
    row = models.UsersEventsRoles.objects.get(event=event, role__name="owner")
    api = as_role("coorganizer")
    assert api.get(f"/v1/users-events-roles/{row.pk}/role").json()["data"]["attributes"]["name"] == "owner"
    assert api.get(f"/v1/users-events-roles/{row.pk}/user").json()["data"]["id"] == str(role_users["owner"].pk)
    assert api.get(f"/v1/users-events-roles/{row.pk}/event").json()["data"]["id"] == str(event.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("include", ["", "user,role,event"])
def test_event_roles_query_count_is_flat(include, as_role, event, django_assert_max_num_queries):
    api = as_role("owner")
    params = {"include": include} if include else {}
    params["page[size]"] = "100"
    with django_assert_max_num_queries(100) as few:
        assert len(ids(api.get(f"/v1/events/{event.pk}/users-events-roles", **params))) == 4
    for _ in range(46):
        grant(UserFactory(), event, "moderator")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ids(api.get(f"/v1/events/{event.pk}/users-events-roles", **params))) == 50
