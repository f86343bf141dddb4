"""Feedback (event ratings by users, session reviews by co-organizers) and favourite sessions."""

import pytest

from engagement.models import Feedback, UserFavouriteSession
from events.models import Session
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ROLES, STAFF, error_pointers, write_status
from tests.factories.engagement import FeedbackFactory, UserFavouriteSessionFactory
from tests.factories.events import EventFactory, SessionFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
LOGGED_IN = set(ROLES) - {"anonymous"}


def feedback_body(rating=4, **relationships):
    return resource("feedback", {"rating": rating, "comment": "Nice"}, relationships)


@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_review_sessions(as_role, event, role):
    session = SessionFactory(event=event)
    response = as_role(role).post("/v1/feedbacks", feedback_body(session=("session", session.pk)))
    assert response.status_code == write_status(role, CO_ORGANIZERS, 201), response.content
    if response.status_code == 201:
        feedback = Feedback.objects.get()
        assert (feedback.event_id, feedback.session_id, feedback.rating) == (event.pk, session.pk, 4.0)
        assert feedback.user == as_role(role).user
        rels = response.json()["data"]["relationships"]
        assert rels["event"]["data"] == {"type": "event", "id": str(event.pk)}
    else:
        assert not Feedback.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_logged_in_users_rate_events(as_role, event, role):
    response = as_role(role).post("/v1/feedbacks", feedback_body(event=("event", event.pk)))
    assert response.status_code == write_status(role, LOGGED_IN, 201), response.content


@pytest.mark.parametrize(
    ("rating", "relationships", "status", "pointer"),
    [
        (0, "event", 422, "/data/attributes/rating"),
        (6, "event", 422, "/data/attributes/rating"),
        ("NaN", "event", 422, "/data/attributes/rating"),
        ("good", "event", 422, "/data/attributes/rating"),
        (3, "none", 422, "/data/relationships/session"),
        (3, "both", 422, "/data/relationships/session"),
    ],
)
def test_bad_feedback_writes_nothing(as_role, event, rating, relationships, status, pointer):
    session = SessionFactory(event=event)
    rels = {
        "event": {"event": ("event", event.pk)},
        "none": {},
        "both": {"event": ("event", EventFactory().pk), "session": ("session", session.pk)},
    }[relationships]
    response = as_role("owner").post("/v1/feedbacks", feedback_body(rating, **rels))
    assert response.status_code == status, response.content
    assert pointer in error_pointers(response)
    assert not Feedback.objects.exists()


def test_feedback_is_given_once_and_for_oneself(as_role, event, role_users):
    client = as_role("user")
    assert client.post("/v1/feedbacks", feedback_body(event=("event", event.pk))).status_code == 201
    assert client.post("/v1/feedbacks", feedback_body(event=("event", event.pk))).status_code == 409
    for_other = feedback_body(event=("event", event.pk), user=("user", role_users["owner"].pk))
    assert client.post("/v1/feedbacks", for_other).status_code == 403
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_session_feedback_lists_are_for_co_organizers(as_role, event, role):
    session = SessionFactory(event=event)
    FeedbackFactory(session=session)
    FeedbackFactory()
    for url in (f"/v1/sessions/{session.pk}/feedbacks", f"/v1/events/{event.pk}/feedbacks"):
        response = as_role(role).get(url)
        assert response.status_code == write_status(role, CO_ORGANIZERS), (url, response.content)
        if response.status_code == 200:
            assert response.json()["meta"]["count"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_author_changes_and_deletes_his_feedback(as_role, event, role, role_users):
    author = role_users["user"]
    feedback = FeedbackFactory(user=author, event=event)
    client = as_role(role)
    mine = role == "user"
    assert client.get(f"/v1/feedbacks/{feedback.pk}").status_code == write_status(role, CO_ORGANIZERS | {"user"})
    patch = resource("feedback", {"rating": 2}, id=feedback.pk)
    assert client.patch(f"/v1/feedbacks/{feedback.pk}", patch).status_code == write_status(role, {"user"})
    feedback.refresh_from_db()
    assert feedback.rating == (2.0 if mine else 4.0)
    response = client.delete(f"/v1/feedbacks/{feedback.pk}")
    assert response.status_code == write_status(role, {"user"} | STAFF)


def test_the_users_feedbacks_are_his_own(role_users, as_role):
    FeedbackFactory(user=role_users["user"])
    assert as_role("user").get(f"/v1/users/{role_users['user'].pk}/feedbacks").json()["meta"]["count"] == 1
    assert as_role("owner").get(f"/v1/users/{role_users['user'].pk}/feedbacks").status_code == 403
    assert as_role("user").get("/v1/feedbacks").json()["meta"]["count"] == 1
    assert as_role("owner").get("/v1/feedbacks").json()["meta"]["count"] == 0


def test_sessions_list_with_feedbacks_included_at_fixed_queries(as_role, event, django_assert_max_num_queries):
    client = as_role("coorganizer")
    FeedbackFactory(session=SessionFactory(event=event))
    with django_assert_max_num_queries(25) as one:
        client.get(f"/v1/events/{event.pk}/feedbacks", include="session,user,event")
    for _ in range(4):
        FeedbackFactory(session=SessionFactory(event=event))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/v1/events/{event.pk}/feedbacks", include="session,user,event")
    assert response.json()["meta"]["count"] == 5


# ------------------------------------------------------------------------------------------ favourites
@pytest.mark.parametrize("role", ROLES)
def test_logged_in_users_favourite_sessions_they_can_see(as_role, event, role):
    public = SessionFactory(event=event)
    hidden = SessionFactory(event=event, state=Session.State.PENDING)
    client = as_role(role)
    body = resource("user-favourite-session", relationships={"session": ("session", public.pk)})
    response = client.post("/v1/user-favourite-sessions", body)
    assert response.status_code == write_status(role, LOGGED_IN, 201), response.content
    if role == "anonymous":
        return
    assert client.post("/v1/user-favourite-sessions", body).status_code == 409
    hidden_body = resource("user-favourite-session", relationships={"session": ("session", hidden.pk)})
    assert client.post("/v1/user-favourite-sessions", hidden_body).status_code == (
        201 if role in CO_ORGANIZERS else 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_favourites_belong_to_their_user(as_role, event, role, role_users):
    favourite = UserFavouriteSessionFactory(user=role_users["user"], session=SessionFactory(event=event))
    client = as_role(role)
    assert client.get(f"/v1/user-favourite-sessions/{favourite.pk}").status_code == write_status(
        role, CO_ORGANIZERS | {"user"}
    )
    listed = client.get(f"/v1/users/{role_users['user'].pk}/user-favourite-sessions")
    assert listed.status_code == write_status(role, STAFF | {"user"})
    by_session = client.get(f"/v1/sessions/{favourite.session_id}/user-favourite-sessions")
    assert by_session.status_code == write_status(role, CO_ORGANIZERS)
    patch = resource("user-favourite-session", relationships={"session": ("session", favourite.session_id)})
    patch["data"]["id"] = str(favourite.pk)
    assert client.patch(f"/v1/user-favourite-sessions/{favourite.pk}", patch).status_code == 405
    response = client.delete(f"/v1/user-favourite-sessions/{favourite.pk}")
    assert response.status_code == write_status(role, STAFF | {"user"})
    assert UserFavouriteSession.objects.filter(pk=favourite.pk).exists() == (response.status_code != 200)


def test_the_favourites_list_is_the_callers_own():
    mine = UserFavouriteSessionFactory()
    UserFavouriteSessionFactory()
    response = Api(mine.user).get("/v1/user-favourite-sessions", include="session")
    assert [item["id"] for item in response.json()["data"]] == [str(mine.pk)]
    assert Api().get("/v1/user-favourite-sessions").status_code == 401
    assert Api(UserFactory()).get("/v1/user-favourite-sessions").json()["data"] == []


@pytest.mark.parametrize("role", ROLES)
def test_the_events_favourites_are_for_co_organizers(as_role, event, role):
    UserFavouriteSessionFactory(session=SessionFactory(event=event))
    UserFavouriteSessionFactory()
    response = as_role(role).get(f"/v1/events/{event.identifier}/user-favourite-sessions")
    assert response.status_code == write_status(role, CO_ORGANIZERS), response.content
    if response.status_code == 200:
        assert response.json()["meta"]["count"] == 1


def test_the_favourites_of_a_draft_are_404_for_outsiders(draft_event):
    assert Api(UserFactory()).get(f"/v1/events/{draft_event.pk}/user-favourite-sessions").status_code == 404
