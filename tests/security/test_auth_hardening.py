"""Findings 3-5 of issue 15: throttles that cannot be dodged, sign-up that tells nothing, tokens that end."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from eventyay.users.models import User
from tests.conftest import Api, resource
from tests.factories import UserFactory
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

RATE = 20  # LOGIN_THROTTLE_RATE default: 20/min


def wrong_login(client, **headers):
    return client.post("/v1/auth/login", {"email": "x@example.org", "password": "wrong"}, format="json", **headers)


def test_forwarded_for_does_not_dodge_the_login_throttle():
    client = APIClient()
    statuses = [wrong_login(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(RATE + 2)]
    assert statuses[:RATE] == [401] * RATE
    assert statuses[RATE:] == [429, 429]


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    for _ in range(RATE):
        wrong_login(client, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert wrong_login(client, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert wrong_login(client, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 401


def test_admin_login_is_throttled():
    user = UserFactory(is_staff=True, is_superuser=True)
    client = APIClient()
    statuses = [
        client.post("/admin/login/", {"username": user.email, "password": "wrong"}).status_code for _ in range(RATE)
    ]
    assert statuses == [200] * RATE  # the form again, with an error
    right = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert right.status_code == 429


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


SECOND_PROCESS = """
import django, os
django.setup()
from rest_framework.test import APIClient
client = APIClient()
codes = [client.post("/v1/auth/login", {"email": "x@example.org", "password": "w"}, format="json").status_code
         for _ in range(int(os.environ["ATTEMPTS"]))]
print(codes.count(401))
"""


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_login_counter():
    """Another worker process uses up the allowance; this process is then refused at once."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eventyay.settings", "DATABASE_URL": _database_url()}
    env["ATTEMPTS"] = str(RATE)
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    done = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == str(RATE)
    assert wrong_login(APIClient()).status_code == 429


def signup(client, email, password):
    return client.post("/v1/users", resource("user", {"email": email, "password": password}))


@pytest.mark.parametrize("password", ["short", "password123", "12345678901"])
def test_signup_weak_password_answers_alike_for_known_and_unknown_emails(password):
    UserFactory(email="taken.person@example.org")
    known = signup(Api().client, "taken.person@example.org", password)
    unknown = signup(Api().client, "nobody.here@example.org", password)
    assert known.status_code == unknown.status_code == 422
    assert known.json()["errors"] == unknown.json()["errors"]
    assert known.json()["errors"][0]["source"]["pointer"] == "/data/attributes/password"


def test_signup_is_throttled():
    client = Api().client
    statuses = [signup(client, f"new{i}@example.org", "a long unusual passphrase").status_code for i in range(21)]
    assert statuses[:20] == [201] * 20
    assert statuses[20] == 429


def login(user, **extra):
    body = {"email": user.email, "password": PASSWORD, **extra}
    return APIClient().post("/v1/auth/login", body, format="json").json()


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"JWT {token}")
    return client


def test_logout_ends_earlier_access_and_refresh_tokens():
    user = UserFactory()
    tokens = login(user, **{"remember-me": True, "include-in-response": True})
    client = with_token(tokens["access_token"])
    assert client.get(f"/v1/users/{user.pk}").status_code == 200
    assert client.post("/v1/auth/logout").status_code == 200
    assert client.get(f"/v1/users/{user.pk}").status_code == 401
    assert with_token(tokens["refresh_token"]).post("/v1/auth/token/refresh").status_code == 401
    assert with_token(login(user)["access_token"]).get(f"/v1/users/{user.pk}").status_code == 200


def test_blacklist_ends_earlier_access_tokens():
    user = UserFactory()
    token = login(user)["access_token"]
    other_device = with_token(login(user)["access_token"])
    assert with_token(token).post("/v1/auth/blacklist").status_code == 200
    assert other_device.get(f"/v1/users/{user.pk}").status_code == 401


def test_password_change_needs_a_fresh_token_and_ends_older_tokens():
    user = UserFactory()
    body = resource("user", {"password": "another fine passphrase"}, id=user.pk)
    stale = AccessToken.for_user(user)
    stale["fresh"] = False
    assert with_token(stale).patch(f"/v1/users/{user.pk}", body, format="vnd.api+json").status_code == 401
    fresh = login(user)["access_token"]
    other_device = with_token(login(user)["access_token"])
    response = with_token(fresh).patch(f"/v1/users/{user.pk}", body, format="vnd.api+json")
    assert response.status_code == 200, response.content
    assert other_device.get(f"/v1/users/{user.pk}").status_code == 401
    assert User.objects.get(pk=user.pk).check_password("another fine passphrase")


def test_email_change_needs_a_fresh_token():
    user = UserFactory()
    refreshed = AccessToken.for_user(user)
    refreshed["fresh"] = False
    body = resource("user", {"email": "new.address@example.org"}, id=user.pk)
    assert with_token(refreshed).patch(f"/v1/users/{user.pk}", body, format="vnd.api+json").status_code == 401
    fresh = login(user)["access_token"]
    assert with_token(fresh).patch(f"/v1/users/{user.pk}", body, format="vnd.api+json").status_code == 200


def test_fresh_login_is_for_the_signed_in_user_only():
    user, other = UserFactory(), UserFactory()
    client = with_token(login(user)["access_token"])
    wrong = client.post("/v1/auth/fresh-login", {"email": other.email, "password": PASSWORD}, format="json")
    assert wrong.status_code == 401
    answer = client.post("/v1/auth/fresh-login", {"email": user.email, "password": PASSWORD}, format="json")
    assert AccessToken(answer.json()["access_token"])["fresh"] is True
