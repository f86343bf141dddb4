"""Notifications and mail preferences belong to their user (and admins)."""

import pytest

from engagement.models import EmailNotification, Notification
from tests.conftest import Api, resource
from tests.events.support import ROLES, STAFF, error_pointers, write_status
from tests.factories.engagement import EmailNotificationFactory, NotificationFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
OWN = STAFF | {"user"}


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_read_and_marked_by_their_user(as_role, role, role_users):
    notice = NotificationFactory(user=role_users["user"])
    client = as_role(role)
    assert client.get(f"/v1/notifications/{notice.pk}").status_code == write_status(role, OWN)
    assert client.get(f"/v1/users/{notice.user_id}/notifications").status_code == write_status(role, OWN)
    response = client.patch(f"/v1/notifications/{notice.pk}", resource("notification", {"is-read": True}, id=notice.pk))
    assert response.status_code == write_status(role, OWN), response.content
    notice.refresh_from_db()
    assert notice.is_read == (response.status_code == 200)
    response = client.delete(f"/v1/notifications/{notice.pk}")
    assert response.status_code == write_status(role, OWN)


def test_the_user_only_marks_them_read(role_users):
    notice = NotificationFactory(user=role_users["user"], title="Original")
    body = resource("notification", {"title": "Forged"}, id=notice.pk)
    assert Api(role_users["user"]).patch(f"/v1/notifications/{notice.pk}", body).status_code == 403
    notice.refresh_from_db()
    assert notice.title == "Original"


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_send_notifications(as_role, role, role_users):
    body = resource("notification", {"title": "Hello", "message": "Hi"}, {"user": ("user", role_users["user"].pk)})
    response = as_role(role).post("/v1/notifications", body)
    assert response.status_code == write_status(role, STAFF, 201), response.content
    assert Notification.objects.exists() == (response.status_code == 201)


def test_the_list_is_the_callers_own_newest_first(django_assert_max_num_queries):
    user = UserFactory()
    older, newer = NotificationFactory(user=user), NotificationFactory(user=user)
    NotificationFactory()
    with django_assert_max_num_queries(6):
        response = Api(user).get("/v1/notifications", include="user")
    assert [item["id"] for item in response.json()["data"]] == [str(newer.pk), str(older.pk)]
    assert response.json()["data"][0]["attributes"]["is-read"] is False
    assert Api().get("/v1/notifications").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_users_keep_mail_preferences_per_event(as_role, event, role):
    body = resource(
        "email-notification", {"new-paper": True, "session-schedule": "true"}, {"event": ("event", event.pk)}
    )
    client = as_role(role)
    response = client.post("/v1/email-notifications", body)
    assert response.status_code == write_status(role, set(ROLES) - {"anonymous"}, 201), response.content
    if response.status_code != 201:
        return
    setting = EmailNotification.objects.get()
    assert setting.user == client.user and setting.new_paper and setting.session_schedule
    assert client.post("/v1/email-notifications", body).status_code == 409
    assert EmailNotification.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_mail_preferences_belong_to_their_user(as_role, event, role, role_users):
    setting = EmailNotificationFactory(user=role_users["user"], event=event)
    client = as_role(role)
    assert client.get(f"/v1/email-notifications/{setting.pk}").status_code == write_status(role, OWN)
    assert client.get(f"/v1/users/{setting.user_id}/email-notifications").status_code == write_status(role, OWN)
    body = resource("email-notification", {"new-paper": False}, id=setting.pk)
    assert client.patch(f"/v1/email-notifications/{setting.pk}", body).status_code == write_status(role, OWN)
    assert client.delete(f"/v1/email-notifications/{setting.pk}").status_code == write_status(role, OWN)


def test_bad_mail_preferences_write_nothing(as_role, event, draft_event, role_users):
    client = as_role("user")
    bad = resource("email-notification", {"new-paper": "maybe"}, {"event": ("event", event.pk)})
    response = client.post("/v1/email-notifications", bad)
    assert response.status_code == 422 and "/data/attributes/new-paper" in error_pointers(response)
    hidden = resource("email-notification", {"new-paper": True}, {"event": ("event", draft_event.pk)})
    assert client.post("/v1/email-notifications", hidden).status_code == 404
    other = resource("email-notification", {}, {"event": ("event", event.pk), "user": ("user", role_users["owner"].pk)})
    assert client.post("/v1/email-notifications", other).status_code == 403
    assert not EmailNotification.objects.exists()
