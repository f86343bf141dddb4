"""Users: sign-up, self/admin access, staff flags nobody grants himself (reference §3.1, §9.2)."""

import pytest

from eventyay.users.models import User
from tests.conftest import Api, resource
from tests.factories import AdminFactory, SuperAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup(attributes):
    return Api().post("/v1/users", resource("user", attributes))


def test_signup_creates_user_without_returning_password():
    response = signup({"email": "New@Example.org", "password": "long-enough-pw"})
    assert response.status_code == 201
    body = response.json()["data"]
    assert body["type"] == "user"
    assert body["attributes"]["email"] == "new@example.org"
    assert "password" not in body["attributes"]
    assert response["Location"] == f"/v1/users/{body['id']}"
    assert User.objects.get(pk=body["id"]).check_password("long-enough-pw")


def test_signup_short_password_is_422_with_pointer():
    response = signup({"email": "a@example.org", "password": "short"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/attributes/password"
    assert not User.objects.filter(email="a@example.org").exists()


def test_signup_duplicate_email_is_409():
    UserFactory(email="taken@example.org")
    assert signup({"email": "taken@example.org", "password": "long-enough-pw"}).status_code == 409


@pytest.mark.parametrize("flag", ["is-admin", "is-sales-admin", "is-marketer", "is-blocked"])
def test_signup_cannot_grant_staff_flags(flag):
    response = signup({"email": "sneaky@example.org", "password": "long-enough-pw", flag: True})
    assert response.status_code == 403
    assert not User.objects.filter(email="sneaky@example.org").exists()


def test_signup_cannot_set_verified():
    response = signup({"email": "v@example.org", "password": "long-enough-pw", "is-verified": True})
    assert response.status_code == 422


def test_user_cannot_make_himself_admin():
    user = UserFactory()
    response = Api(user).patch(f"/v1/users/{user.pk}", resource("user", {"is-admin": True}, id=user.pk))
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_admin


def test_admin_cannot_grant_admin_but_super_admin_can():
    target = UserFactory()
    payload = resource("user", {"is-admin": True}, id=target.pk)
    assert Api(AdminFactory()).patch(f"/v1/users/{target.pk}", payload).status_code == 403
    assert Api(SuperAdminFactory()).patch(f"/v1/users/{target.pk}", payload).status_code == 200
    target.refresh_from_db()
    assert target.is_admin


def test_patch_keeps_omitted_fields():
    user = UserFactory(is_profile_public=True, first_name="Ada")
    response = Api(user).patch(f"/v1/users/{user.pk}", resource("user", {"last-name": "Lovelace"}, id=user.pk))
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.is_profile_public) == ("Ada", "Lovelace", True)


def test_patch_id_mismatch_is_400():
    user = UserFactory()
    response = Api(user).patch(f"/v1/users/{user.pk}", resource("user", {"first-name": "X"}, id=user.pk + 100))
    assert response.status_code == 400


def test_patch_wrong_type_is_409():
    user = UserFactory()
    response = Api(user).patch(f"/v1/users/{user.pk}", resource("event", {"first-name": "X"}, id=user.pk))
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("other", 403), ("self", 200), ("admin", 200), ("super_admin", 200)],
)
def test_user_detail_per_role(role, status):
    target = UserFactory()
    caller = {
        "anonymous": None,
        "other": UserFactory(),
        "self": target,
        "admin": AdminFactory(),
        "super_admin": SuperAdminFactory(),
    }[role]
    assert Api(caller).get(f"/v1/users/{target.pk}").status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("admin", 200), ("super_admin", 200)])
def test_user_list_is_admin_only(role, status):
    caller = {"anonymous": None, "user": UserFactory(), "admin": AdminFactory(), "super_admin": SuperAdminFactory()}[
        role
    ]
    assert Api(caller).get("/v1/users").status_code == status


def test_user_list_query_count_is_constant(django_assert_max_num_queries):
    admin = AdminFactory()
    UserFactory.create_batch(2)
    with django_assert_max_num_queries(8) as small:
        Api(admin).get("/v1/users")
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = Api(admin).get("/v1/users", **{"page[size]": 50})
    assert response.json()["meta"]["count"] == 33


def test_delete_marks_user_deleted_and_frees_email():
    user = UserFactory(email="gone@example.org")
    assert Api(user).delete(f"/v1/users/{user.pk}").json() == {
        "meta": {"message": "Object successfully deleted"},
        "jsonapi": {"version": "1.0"},
    }
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert user.email == "gone@example.org.deleted"


def test_check_email_and_get_user_id():
    user = UserFactory(email="here@example.org")
    assert Api().post_json("/v1/users/check_email", {"email": "HERE@example.org"}).json() == {"exists": True}
    assert Api().post_json("/v1/users/check_email", {"email": "nobody@example.org"}).json() == {"exists": False}
    assert Api().post_json("/v1/users/check_email", {}).status_code == 422
    assert Api(user).get("/v1/users/user-details/get-user-id").json() == {"user_id": user.pk}
