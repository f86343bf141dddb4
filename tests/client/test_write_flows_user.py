"""A user's and an organizer's small writes as the web client sends them: marking notifications read and mail
preferences (the whole record saved back), a favourite session, a session rating, the attendee tags."""

import pytest

from content.models import Tag
from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession
from tests.client.ember import body, echoed
from tests.conftest import Api
from tests.factories import SessionFactory, UserFactory
from tests.factories.engagement import EmailNotificationFactory, NotificationFactory

pytestmark = pytest.mark.django_db
NOTIFICATION = ["title", "message", "received-at", "is-read?"]
EMAIL_NOTIFICATION = [
    "next-event?",
    "new-paper?",
    "session-accept-reject?",
    "session-schedule?",
    "after-ticket-purchase?",
]


def test_mark_notifications_read(db):
    """`markAsRead` sets `is-read` and saves: title, message and received-at go back unchanged."""
    user = UserFactory()
    notices = [NotificationFactory(user=user) for _ in range(2)]
    api = Api(user)
    for notice in notices:
        document = echoed(api, f"/v1/notifications/{notice.pk}", "notification", NOTIFICATION, {"is-read": True})
        response = api.patch(f"/v1/notifications/{notice.pk}", document)
        assert response.status_code == 200, response.content
    assert Notification.objects.filter(user=user, is_read=True).count() == 2


def test_a_changed_title_is_still_refused(db):
    user = UserFactory()
    notice = NotificationFactory(user=user, title="Original")
    api = Api(user)
    document = echoed(api, f"/v1/notifications/{notice.pk}", "notification", NOTIFICATION, {"title": "Forged"})
    assert api.patch(f"/v1/notifications/{notice.pk}", document).status_code == 403
    notice.refresh_from_db()
    assert notice.title == "Original"


def test_mail_preferences_toggled(event):
    user = UserFactory()
    preference = EmailNotificationFactory(user=user, event=event, new_paper=True)
    api = Api(user)
    url = f"/v1/email-notifications/{preference.pk}"
    document = echoed(api, url, "email-notification", EMAIL_NOTIFICATION, {"new-paper": False, "next-event": True})
    assert set(document["data"]["relationships"]) == {"user", "event"}
    response = api.patch(url, document)
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"]["event-id"] == event.pk
    preference.refresh_from_db()
    assert (preference.new_paper, preference.next_event) == (False, True)
    other = UserFactory()
    moved = echoed(api, url, "email-notification", EMAIL_NOTIFICATION)
    moved["data"]["relationships"]["user"] = {"data": {"type": "user", "id": str(other.pk)}}
    assert api.patch(url, moved).status_code in (403, 422)
    assert EmailNotification.objects.get(pk=preference.pk).user == user


def test_favourite_a_session_and_take_it_back(event):
    """The schedule's star: a favourite with only its session, then `destroyRecord`."""
    session = SessionFactory(event=event)
    user = UserFactory()
    api = Api(user)
    response = api.post(
        "/v1/user-favourite-sessions", body("user-favourite-session", [], {}, {"session": ("session", session.pk)})
    )
    assert response.status_code == 201, response.content
    favourite_id = response.json()["data"]["id"]
    assert UserFavouriteSession.objects.get(pk=favourite_id).user == user
    assert api.delete(f"/v1/user-favourite-sessions/{favourite_id}").status_code == 200
    assert not UserFavouriteSession.objects.filter(pk=favourite_id).exists()


def test_organizer_rates_a_session(as_role, role_users, event):
    session = SessionFactory(event=event)
    rels = {"session": ("session", session.pk), "user": ("user", role_users["organizer"].pk)}
    document = body("feedback", ["rating", "comment", "deleted-at"], {"rating": 4, "comment": ""}, rels)
    response = as_role("organizer").post("/v1/feedbacks", document)
    assert response.status_code == 201, response.content
    assert Feedback.objects.get(pk=response.json()["data"]["id"]).session == session


def test_default_attendee_tags(as_role, event):
    """The attendees page creates the read-only default tags on the event's tag list and saves them."""
    organizer = as_role("organizer")
    for name, color in (("Speakers", "#FF0000"), ("Attendees", "#0000FF"), ("VIPs", "#0000FF")):
        document = body(
            "tag",
            ["name", "color", "is-read-only?"],
            {"name": name, "color": color, "is-read-only": True},
            {"event": ("event", event.pk)},
        )
        response = organizer.post("/v1/tags", document)
        assert response.status_code == 201, response.content
    assert set(Tag.objects.filter(event=event).values_list("name", flat=True)) == {"Speakers", "Attendees", "VIPs"}
