"""Exhibitors (visitors see accepted ones) and attendee tags (the event's team only; names unique per event)."""

import pytest

from content.models import Exhibitor, Tag
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ROLES, TRACK_ORGANIZERS, error_pointers, write_status
from tests.factories.content import ExhibitorFactory, TagFactory
from tests.factories.events import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def exhibitor_body(event, **attrs):
    return resource("exhibitor", {"name": "ACME", **attrs}, {"event": ("event", event.pk)})


@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_create_exhibitors_with_sessions_and_links(as_role, event, role):
    session = SessionFactory(event=event)
    body = exhibitor_body(event, **{"social-links": [{"name": "github", "link": "https://github.com/acme"}]})
    body["data"]["relationships"]["sessions"] = {"data": [{"type": "session", "id": str(session.pk)}]}
    response = as_role(role).post("/v1/exhibitors", body)
    assert response.status_code == write_status(role, CO_ORGANIZERS, 201), response.content
    if response.status_code == 201:
        exhibitor = Exhibitor.objects.get()
        assert exhibitor.status == "pending" and list(exhibitor.sessions.all()) == [session]
        assert exhibitor.social_links == [{"name": "github", "link": "https://github.com/acme", "is_custom": False}]
    else:
        assert not Exhibitor.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_visitors_see_accepted_exhibitors_only(as_role, event, role):
    accepted = ExhibitorFactory(event=event)
    pending = ExhibitorFactory(event=event, status="pending")
    client = as_role(role)
    listed = client.get(f"/v1/events/{event.identifier}/exhibitors")
    assert listed.status_code == 200
    expected = {str(accepted.pk), str(pending.pk)} if role in CO_ORGANIZERS else {str(accepted.pk)}
    assert {item["id"] for item in listed.json()["data"]} == expected
    assert client.get(f"/v1/exhibitors/{pending.pk}").status_code == (200 if role in CO_ORGANIZERS else 404)
    # The client's own query: accepted ones, one per page.
    query = client.get(
        f"/v1/events/{event.pk}/exhibitors",
        filter='[{"name":"status","op":"eq","val":"accepted"}]',
        **{"page[size]": "1"},
    )
    assert query.status_code == 200, query.content
    assert [item["id"] for item in query.json()["data"]] == [str(accepted.pk)]


@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_change_and_delete_exhibitors(as_role, event, role):
    exhibitor = ExhibitorFactory(event=event)
    client = as_role(role)
    patch = resource("exhibitor", {"position": 3}, id=exhibitor.pk)
    assert client.patch(f"/v1/exhibitors/{exhibitor.pk}", patch).status_code == write_status(role, CO_ORGANIZERS)
    response = client.delete(f"/v1/exhibitors/{exhibitor.pk}")
    assert response.status_code == write_status(role, CO_ORGANIZERS)
    assert Exhibitor.objects.filter(pk=exhibitor.pk).exists() == (response.status_code != 200)


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"name": ""}, "/data/attributes/name"),
        ({"status": "famous"}, "/data/attributes/status"),
        ({"url": "not a url"}, "/data/attributes/url"),
        ({"contact-email": "nope"}, "/data/attributes/contact-email"),
        ({"position": "first"}, "/data/attributes/position"),
        ({"social-links": [{"name": "x"}]}, "/data/attributes/social-links"),
        ({"social-links": "github"}, "/data/attributes/social-links"),
    ],
)
def test_bad_exhibitors_are_422(as_role, event, attrs, pointer):
    response = as_role("owner").post("/v1/exhibitors", exhibitor_body(event, **attrs))
    assert response.status_code == 422, response.content
    assert any(p and p.startswith(pointer) for p in error_pointers(response)), error_pointers(response)
    assert not Exhibitor.objects.exists()


def test_an_exhibitor_takes_only_its_events_sessions(as_role, event):
    body = exhibitor_body(event)
    foreign = SessionFactory(event=EventFactory())
    body["data"]["relationships"]["sessions"] = {"data": [{"type": "session", "id": str(foreign.pk)}]}
    response = as_role("owner").post("/v1/exhibitors", body)
    assert response.status_code == 422
    assert "/data/relationships/sessions" in error_pointers(response)
    assert not Exhibitor.objects.exists()


def test_exhibitors_of_a_session_and_fixed_queries(event, django_assert_max_num_queries):
    session = SessionFactory(event=event)
    ExhibitorFactory(event=event).sessions.add(session)
    ExhibitorFactory(event=event)
    listed = Api().get(f"/v1/sessions/{session.pk}/exhibitors")
    assert listed.json()["meta"]["count"] == 1
    with django_assert_max_num_queries(20) as one:
        Api().get(f"/v1/events/{event.pk}/exhibitors", include="sessions,event")
    for _ in range(4):
        ExhibitorFactory(event=event).sessions.add(SessionFactory(event=event))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = Api().get(f"/v1/events/{event.pk}/exhibitors", include="sessions,event")
    assert response.json()["meta"]["count"] == 6


# ---------------------------------------------------------------------------------------------- tags
def tag_body(event, **attrs):
    return resource("tag", {"name": "VIP", "color": "#00ff00", **attrs}, {"event": ("event", event.pk)})


@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_create_tags(as_role, event, role):
    response = as_role(role).post("/v1/tags", tag_body(event, **{"is-read-only": True}))
    assert response.status_code == write_status(role, CO_ORGANIZERS, 201), response.content
    assert Tag.objects.filter(event=event, name="VIP", is_read_only=True).exists() == (response.status_code == 201)


@pytest.mark.parametrize("role", ROLES)
def test_the_team_reads_tags(as_role, event, role):
    tag = TagFactory(event=event)
    TagFactory()
    listed = as_role(role).get(f"/v1/events/{event.pk}/tags")
    assert listed.status_code == write_status(role, TRACK_ORGANIZERS), listed.content
    if listed.status_code == 200:
        assert [item["id"] for item in listed.json()["data"]] == [str(tag.pk)]
    assert as_role(role).get(f"/v1/tags/{tag.pk}").status_code == write_status(role, TRACK_ORGANIZERS)


@pytest.mark.parametrize("role", ROLES)
def test_co_organizers_change_and_delete_tags(as_role, event, role):
    tag = TagFactory(event=event)
    client = as_role(role)
    patch = resource("tag", {"color": "#0000ff"}, id=tag.pk)
    assert client.patch(f"/v1/tags/{tag.pk}", patch).status_code == write_status(role, CO_ORGANIZERS)
    response = client.delete(f"/v1/tags/{tag.pk}")
    assert response.status_code == write_status(role, CO_ORGANIZERS)


def test_tag_names_are_unique_per_event_and_read_only_tags_keep_theirs(as_role, event):
    client = as_role("owner")
    TagFactory(event=event, name="VIP")
    assert client.post("/v1/tags", tag_body(event)).status_code == 409
    assert as_role("admin").post("/v1/tags", tag_body(EventFactory())).status_code == 201  # same name elsewhere
    fixed = TagFactory(event=event, name="Speaker", is_read_only=True)
    rename = resource("tag", {"name": "Talker"}, id=fixed.pk)
    assert client.patch(f"/v1/tags/{fixed.pk}", rename).status_code == 409
    recolor = resource("tag", {"color": "#123456"}, id=fixed.pk)
    assert client.patch(f"/v1/tags/{fixed.pk}", recolor).status_code == 200
    fixed.refresh_from_db()
    assert (fixed.name, fixed.color) == ("Speaker", "#123456")
    assert Tag.objects.filter(event=event).count() == 2


def test_bad_tags_are_422(as_role, event):
    response = as_role("owner").post("/v1/tags", tag_body(event, name=""))
    assert response.status_code == 422
    assert "/data/attributes/name" in error_pointers(response)
    assert not Tag.objects.exists()


def test_tags_of_a_draft_are_404_for_outsiders(draft_event):
    tag = TagFactory(event=draft_event)
    assert Api().get(f"/v1/tags/{tag.pk}").status_code == 404
    assert Api().get(f"/v1/events/{draft_event.pk}/tags").status_code == 404
