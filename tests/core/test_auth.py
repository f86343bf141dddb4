"""Login, refresh, logout and blacklist (reference §2), and JWT errors as JSON:API documents."""

import datetime as dt

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from tests.conftest import Api
from tests.factories import UserFactory
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_returns_a_token_that_the_api_accepts():
    user = UserFactory()
    response = Api().post_json("/v1/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["access_token"]
    client = Api()
    client.client.credentials(HTTP_AUTHORIZATION=f"JWT {token}")
    detail = client.get(f"/v1/users/{user.pk}")
    assert detail.status_code == 200
    assert detail.json()["data"]["attributes"]["email"] == user.email


def test_login_via_ember_session_alias():
    user = UserFactory()
    response = Api().post_json("/auth/session", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert str(AccessToken(response.json()["access_token"])["identity"]) == str(user.pk)


def test_login_missing_field_is_400():
    response = Api().post_json("/v1/auth/login", {"email": "a@b.c"})
    assert response.status_code == 400
    assert response.json() == {"error": "username or password missing"}


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_login_bad_credentials_is_401(password):
    user = UserFactory()
    response = Api().post_json("/v1/auth/login", {"email": user.email, "password": password or "x"})
    assert response.status_code == 401
    assert response.json() == {"error": "Invalid Credentials"}


def test_login_blocked_user_is_401():
    user = UserFactory(is_blocked=True)
    response = Api().post_json("/v1/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_remember_me_gives_refresh_token_that_refreshes():
    user = UserFactory()
    response = Api().post_json(
        "/v1/auth/login",
        {"email": user.email, "password": PASSWORD, "remember-me": True, "include-in-response": True},
    )
    assert response.status_code == 200
    refresh = response.json()["refresh_token"]
    client = Api()
    client.client.credentials(HTTP_AUTHORIZATION=f"JWT {refresh}")
    refreshed = client.client.post("/v1/auth/token/refresh")
    assert refreshed.status_code == 200
    token = AccessToken(refreshed.json()["access_token"])
    assert str(token["identity"]) == str(user.pk)
    assert token["fresh"] is False


def test_remember_me_without_include_sets_cookie():
    user = UserFactory()
    response = Api().post_json("/v1/auth/login", {"email": user.email, "password": PASSWORD, "remember-me": True})
    assert "refresh_token" not in response.json()
    assert response.cookies["refresh_token_cookie"]["path"] == "/v1/auth/token/refresh"


def test_blacklist_invalidates_earlier_refresh_tokens():
    user = UserFactory()
    login = Api().post_json(
        "/v1/auth/login",
        {"email": user.email, "password": PASSWORD, "remember-me": True, "include-in-response": True},
    )
    refresh = login.json()["refresh_token"]
    assert Api(user).post_json("/v1/auth/blacklist", {}).json() == {"success": True}
    client = Api()
    client.client.credentials(HTTP_AUTHORIZATION=f"JWT {refresh}")
    assert client.client.post("/v1/auth/token/refresh").status_code == 401


def test_expired_token_is_a_jsonapi_401():
    user = UserFactory()
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-dt.timedelta(minutes=1))
    client = Api()
    client.client.credentials(HTTP_AUTHORIZATION=f"JWT {token}")
    response = client.get(f"/v1/users/{user.pk}")
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["status"] == "401"
    assert error["title"] == "Unauthorized"


def test_malformed_token_is_401():
    client = Api()
    client.client.credentials(HTTP_AUTHORIZATION="JWT not-a-token")
    assert client.get("/v1/events").status_code == 401


def test_logout_and_verify_password():
    user = UserFactory()
    assert Api().post_json("/v1/auth/logout", {}).json() == {"success": True}
    assert Api(user).post_json("/v1/auth/verify-password", {"password": PASSWORD}).json() == {"result": True}
    assert Api(user).post_json("/v1/auth/verify-password", {"password": "nope-nope"}).json() == {"result": False}


def test_login_is_throttled(settings):
    from django.core.cache import cache

    cache.clear()
    user = UserFactory()
    statuses = [
        Api().post_json("/v1/auth/login", {"email": user.email, "password": "wrong"}).status_code for _ in range(25)
    ]
    cache.clear()
    assert statuses[0] == 401
    assert 429 in statuses
