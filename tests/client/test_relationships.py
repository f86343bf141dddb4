"""Every relationship the client's models declare: links always, empty answers 200, include accepted."""

import pytest

from tests.factories import (
    EventFactory,
    EventSubTopicFactory,
    EventTypeFactory,
    SessionFactory,
    TicketFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db

ORGANIZER_INCLUDE = (
    "event-topic,event-sub-topic,event-type,event-copyright,tax,owner,organizers,coorganizers,track-organizers,"
    "registrars,moderators,stripe-authorization"
)
VISITOR_INCLUDE = (
    "social-links,event-copyright,speakers-call,tax,owner,organizers,video-stream,custom-forms,group,"
    "group.followers,group.followers.user"
)


def test_event_with_the_organizer_pages_include(as_role, event, role_users):
    response = as_role("organizer").get(f"/v1/events/{event.identifier}", include=ORGANIZER_INCLUDE)
    assert response.status_code == 200, response.content
    document = response.json()
    relationships = document["data"]["relationships"]
    for name in ("organizers", "coorganizers", "track-organizers", "registrars", "moderators", "tax", "roles"):
        assert relationships[name]["links"]["related"] == f"/v1/events/{event.pk}/{name}"
    organizers = {item["id"] for item in relationships["organizers"]["data"]}
    assert organizers == {str(role_users["organizer"].pk)}
    assert relationships["coorganizers"]["data"] == [{"type": "user", "id": str(role_users["coorganizer"].pk)}]
    assert relationships["moderators"]["data"] == []
    included = {(item["type"], item["id"]) for item in document["included"]}
    assert ("user", str(role_users["organizer"].pk)) in included


def test_event_with_the_visitor_pages_include(api, event):
    response = api().get(f"/v1/events/{event.identifier}", include=VISITOR_INCLUDE)
    assert response.status_code == 200, response.content
    relationships = response.json()["data"]["relationships"]
    assert relationships["group"]["data"] is None
    assert relationships["video-stream"]["data"] is None


def test_role_lists_cost_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    events = [EventFactory() for _ in range(4)]
    for event in events:
        grant(UserFactory(), event, "organizer")
        grant(UserFactory(), event, "coorganizer")
    with django_assert_max_num_queries(12):
        response = api().get("/v1/events", include="organizers,coorganizers,moderators,tax,group")
    assert response.status_code == 200
    assert all(len(item["relationships"]["organizers"]["data"]) == 1 for item in response.json()["data"])


@pytest.mark.parametrize(
    ("path", "expected"),
    [("tax", None), ("group", None), ("video-stream", None), ("location", None)],
)
def test_empty_related_routes_answer_200(api, event, path, expected):
    response = api().get(f"/v1/events/{event.pk}/{path}")
    assert response.status_code == 200, response.content
    assert response.json()["data"] == expected


def test_empty_speakers_call_and_stripe_authorization_are_null(as_role, api, event):
    assert api().get(f"/v1/events/{event.pk}/speakers-call").json()["data"] is None
    response = as_role("organizer").get(f"/v1/events/{event.pk}/stripe-authorization")
    assert response.status_code == 200 and response.json()["data"] is None
    assert as_role("user").get(f"/v1/events/{event.pk}/stripe-authorization").status_code == 403


def test_draft_events_empty_routes_stay_hidden(api):
    draft = EventFactory(state="draft")
    assert api().get(f"/v1/events/{draft.pk}/speakers-call").status_code == 404
    assert api().get(f"/v1/events/{draft.pk}/tax").status_code == 404


def test_user_relationships_have_links(as_role, role_users):
    user = role_users["organizer"]
    response = as_role("organizer").get(f"/v1/users/{user.pk}", include="events,owner-events")
    assert response.status_code == 200, response.content
    relationships = response.json()["data"]["relationships"]
    for name in ("owner-events", "organizer-events", "coorganizer-events", "events", "orders", "notifications"):
        assert relationships[name]["links"]["related"] == f"/v1/users/{user.pk}/{name}"
    listed = as_role("organizer").get(relationships["organizer-events"]["links"]["related"])
    assert listed.status_code == 200
    assert len(listed.json()["data"]) == 1


def test_admin_lists_users_with_events_and_events_with_roles(as_role, event):
    admin = as_role("admin")
    assert admin.get("/v1/users", include="events", filter='[{"or":[]}]', get_trashed="true").status_code == 200
    response = admin.get("/v1/events", include="roles.role,roles.user,general-statistics", get_trashed="true")
    assert response.status_code == 200, response.content


def test_ticket_and_session_relationships(as_role, event):
    ticket = TicketFactory(event=event)
    session = SessionFactory(event=event)
    api = as_role("organizer")
    response = api.get(f"/v1/events/{event.pk}/tickets", include="attendees,orders")
    assert response.status_code == 200, response.content
    assert response.json()["data"][0]["relationships"]["order-statistics"]["links"]["related"] == (
        f"/v1/tickets/{ticket.pk}/order-statistics"
    )
    response = api.get(f"/v1/events/{event.pk}/sessions", include="speakers,feedbacks,session-type,track")
    assert response.status_code == 200, response.content
    assert response.json()["data"][0]["id"] == str(session.pk)


def test_the_clients_aliases_name_their_type_in_linkage(api):
    # Found by the fuzz run: `type`, `topic` and `sub-topic` rendered `{"type": null}` linkage.
    sub_topic = EventSubTopicFactory()
    event = EventFactory(
        state="published", event_type=EventTypeFactory(), event_topic=sub_topic.event_topic, event_sub_topic=sub_topic
    )
    relationships = api().get(f"/v1/events/{event.pk}").json()["data"]["relationships"]
    assert relationships["type"]["data"] == {"type": "event-type", "id": str(event.event_type_id)}
    assert relationships["topic"]["data"] == {"type": "event-topic", "id": str(event.event_topic_id)}
    assert relationships["sub-topic"]["data"] == {"type": "event-sub-topic", "id": str(sub_topic.pk)}
