"""`/v1/settings`: the web client's first request (anyone), and the admins' settings pages (GET/PATCH all)."""

import pytest
from django.db import connection

from eventyay.sitesettings.models import SiteSettings
from payments.models import PaymentSettings
from tests.conftest import resource

pytestmark = pytest.mark.django_db

SECRETS = ("smtp-password", "stripe-secret-key", "aws-secret", "paypal-secret", "sendgrid-key", "google-client-secret")
ADMIN_ONLY = ("smtp-host", "aws-key", "storage-place", "app-environment", "email-from", "android-app-url")


def body(**attributes):
    return resource("setting", attributes, id=1)


@pytest.mark.parametrize("role", ["anonymous", "user", "organizer", "coorganizer", "owner", "admin", "super_admin"])
def test_get_settings_per_role(as_role, role):
    SiteSettings(app_name="Open Event", frontend_url="https://events.example", smtp_host="mail.example").save()
    response = as_role(role).get("/v1/settings", cache="true", public="true")
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["type"], data["id"]) == ("setting", "1")
    attributes = data["attributes"]
    assert attributes["app-name"] == "Open Event"
    assert attributes["frontend-url"] == "https://events.example"
    assert attributes["order-expiry-time"] == 10
    assert attributes["is-stripe-activated"] is False
    for secret in SECRETS:
        assert secret not in attributes
    staff = role in ("admin", "super_admin")
    for name in ADMIN_ONLY[:-1]:
        assert (name in attributes) is staff, name
    assert ("android-app-url" in attributes) is (role != "anonymous")
    if staff:
        assert attributes["smtp-host"] == "mail.example"


def test_settings_without_a_row_answer_defaults(api):
    response = api().get("/v1/settings")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["app-name"] == "Eventyay"
    assert not SiteSettings.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("user", 403), ("organizer", 403), ("owner", 403), ("admin", 200), ("super_admin", 200)],
)
def test_patch_settings_per_role(as_role, role, status):
    response = as_role(role).patch("/v1/settings", body(**{"app-name": "Renamed", "stripe-client-id": "ca_1"}))
    assert response.status_code == status, response.content
    row = SiteSettings.load()
    assert (row.app_name == "Renamed") is (status == 200)
    assert (PaymentSettings.load().stripe_client_id == "ca_1") is (status == 200)
    if status == 200:
        assert response.json()["data"]["attributes"]["app-name"] == "Renamed"


def test_secrets_are_write_only_and_encrypted(as_role):
    admin = as_role("admin")
    sent = {"smtp-password": "hunter2-smtp", "stripe-secret-key": "sk_live_PLATFORM", "aws-secret": "AWSSECRET"}
    response = admin.patch("/v1/settings", body(**sent, **{"stripe-client-id": "ca_1"}))
    assert response.status_code == 200
    for value in sent.values():
        assert value not in response.content.decode()
        assert value not in admin.get("/v1/settings").content.decode()
    assert response.json()["data"]["attributes"]["is-stripe-activated"] is True
    assert SiteSettings.load().smtp_password == "hunter2-smtp"
    assert PaymentSettings.load().stripe_secret_key == "sk_live_PLATFORM"
    with connection.cursor() as cursor:
        cursor.execute("SELECT smtp_password FROM sitesettings_sitesettings")
        (stored,) = cursor.fetchone()
    assert stored and "hunter2" not in stored


def test_storage_settings_under_open_event_names(as_role):
    admin = as_role("admin")
    response = admin.patch("/v1/settings", body(**{"storage-place": "gs", "gs-bucket-name": "bucket", "gs-key": "K"}))
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["storage-place"], attributes["gs-bucket-name"], attributes["gs-key"]) == ("gs", "bucket", "K")
    from media.models import StorageSettings

    assert StorageSettings.current().backend == "gcs"


def test_bad_input_is_422_and_writes_nothing(as_role):
    admin = as_role("admin")
    response = admin.patch("/v1/settings", body(**{"app-name": "Kept?", "order-expiry-time": -3}))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/attributes/order-expiry-time"
    assert SiteSettings.load().app_name == "Eventyay"
    response = admin.patch("/v1/settings", body(**{"stripe-mode": "sometimes", "app-name": "Kept?"}))
    assert response.status_code == 422
    assert SiteSettings.load().app_name == "Eventyay"


def test_patch_with_another_id_is_refused(as_role):
    response = as_role("admin").patch("/v1/settings", resource("setting", {"app-name": "x"}, id=7))
    assert response.status_code == 400
    assert SiteSettings.load().app_name == "Eventyay"


def test_admin_page_keeps_secret_when_left_blank(client, role_users):
    SiteSettings(smtp_password="stored-pass").save()
    client.force_login(role_users["super_admin"])
    page = client.get("/admin/sitesettings/sitesettings/1/change/")
    assert page.status_code == 200
    assert b"stored-pass" not in page.content
