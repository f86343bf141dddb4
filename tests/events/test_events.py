"""Events (reference §3.2): per-role CRUD, visibility, lists by user and role, validation, trash, includes."""

import pytest

from events import models
from tests.conftest import Api, resource
from tests.events.support import CO_ORGANIZERS, ORGANIZERS, ROLES, draft_read_status, error_pointers, ids, iso
from tests.events.support import write_status as status_for
from tests.factories.events import (
    EventFactory,
    EventSubTopicFactory,
    EventTopicFactory,
    EventTypeFactory,
    SocialLinkFactory,
    TicketFactory,
    grant,
)
from tests.factories.users import UserFactory

NEW_EVENT = {"name": "PyCon", "starts-at": iso(40), "ends-at": iso(42), "timezone": "Europe/Berlin"}


# ---------------------------------------------------------------------------- create
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_create_event_per_role_makes_caller_owner(role, as_role, role_users):
    response = as_role(role).post("/v1/events", resource("event", NEW_EVENT))
    if role == "anonymous":
        assert response.status_code == 401
        assert not models.Event.objects.filter(name="PyCon").exists()
        return
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    event = models.Event.objects.get(pk=data["id"])
    assert event.owner == role_users[role]
    assert data["attributes"]["state"] == "draft"  # missing state is a draft, not a 500 (§9.9)
    assert data["attributes"]["is-ticket-form-enabled"] is True
    assert len(data["attributes"]["identifier"]) == 8
    assert response["Location"] == f"/v1/events/{event.pk}"


@pytest.mark.django_db
def test_create_event_takes_topic_image_as_default(as_role):
    topic = EventTopicFactory(system_image_url="https://img.example.org/topic.png")
    body = resource("event", NEW_EVENT, {"event-topic": ("event-topic", topic.pk)})
    response = as_role("user").post("/v1/events", body)
    assert response.json()["data"]["attributes"]["original-image-url"] == "https://img.example.org/topic.png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"ends-at": iso(39)}, "/data/attributes/ends-at"),
        ({"ends-at": iso(70)}, "/data/attributes/ends-at"),
        ({"timezone": "Mars/Olympus_Mons"}, "/data/attributes/timezone"),
        ({"latitude": 91}, "/data/attributes/latitude"),
        ({"longitude": -181}, "/data/attributes/longitude"),
        ({"name": ""}, "/data/attributes/name"),
        ({"state": "archived"}, "/data/attributes/state"),
        ({"starts-at": "yesterday"}, "/data/attributes/starts-at"),
        ({"is-document-enabled": True, "document-links": [{"name": "x"}]}, "/data/attributes/document-links"),
    ],
)
def test_create_event_invalid_is_422_with_pointer_and_writes_nothing(attrs, pointer):
    response = Api(UserFactory()).post("/v1/events", resource("event", {**NEW_EVENT, **attrs}))
    assert response.status_code == 422, response.content
    assert any(p.startswith(pointer) for p in error_pointers(response))
    assert not models.Event.all_objects.exists()
    assert not models.UsersEventsRoles.objects.exists()


@pytest.mark.django_db
def test_unknown_timezone_message(as_role):
    response = as_role("user").post("/v1/events", resource("event", {**NEW_EVENT, "timezone": "Nowhere/City"}))
    assert response.json()["errors"][0]["detail"] == "Unknown timezone: 'Nowhere/City'"


@pytest.mark.django_db
def test_sub_topic_of_another_topic_is_422():
    topic, sub_topic = EventTopicFactory(), EventSubTopicFactory()
    rels = {"event-topic": ("event-topic", topic.pk), "event-sub-topic": ("event-sub-topic", sub_topic.pk)}
    response = Api(UserFactory()).post("/v1/events", resource("event", NEW_EVENT, rels))
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/relationships/event-sub-topic"]
    assert not models.Event.objects.exists()


@pytest.mark.django_db
def test_times_are_stored_in_utc(as_role):
    attrs = {**NEW_EVENT, "starts-at": "2099-06-01T10:00:00+08:00", "ends-at": "2099-06-02T10:00:00+08:00"}
    response = as_role("user").post("/v1/events", resource("event", attrs))
    event = models.Event.objects.get(pk=response.json()["data"]["id"])
    assert event.starts_at.utcoffset().total_seconds() == 0
    assert event.starts_at.hour == 2
    assert response.json()["data"]["attributes"]["starts-at"].startswith("2099-06-01T02:00:00")


# ------------------------------------------------------------------------------ read
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_read_published_and_draft_event_per_role(role, role_users, event):
    draft = EventFactory(state="draft")
    if role in ("owner", "organizer", "coorganizer", "track_organizer"):
        grant(role_users[role], draft, role)
    api = Api(role_users[role])
    assert api.get(f"/v1/events/{event.pk}").status_code == 200
    assert api.get(f"/v1/events/{event.identifier}").status_code == 200
    assert api.get(f"/v1/events/{draft.pk}").status_code == draft_read_status(role)
    assert api.get(f"/v1/events/{draft.identifier}").status_code == draft_read_status(role)
    listed = set(ids(api.get("/v1/events")))
    assert (str(draft.pk) in listed) == (role in CO_ORGANIZERS)
    assert str(event.pk) in listed


@pytest.mark.django_db
def test_unknown_event_is_404(as_role):
    assert as_role("admin").get("/v1/events/999999").status_code == 404
    assert as_role("admin").get("/v1/events/abcdef12").status_code == 404


@pytest.mark.django_db
def test_nested_routes_find_their_event_by_id_or_identifier(as_role, event):
    anonymous, admin = as_role("anonymous"), as_role("admin")
    for ref in (event.pk, f"000{event.pk}", event.identifier):
        assert anonymous.get(f"/v1/events/{ref}/sessions").status_code == 200, ref
    for ref in ("999999", "9" * 25, "abcdef12"):
        response = anonymous.get(f"/v1/events/{ref}/sessions")
        assert response.status_code == 404, ref
        assert response.json()["errors"][0]["detail"] == f"Event '{ref}' not found."
    event.soft_delete()
    assert anonymous.get(f"/v1/events/{event.pk}/sessions").status_code == 404
    assert admin.get(f"/v1/events/{event.pk}/sessions").status_code == 200  # trashed: its co-organizers and staff


@pytest.mark.django_db
def test_with_role_lists_only_events_with_a_role(as_role, role_users, event):
    other = EventFactory()
    assert as_role("anonymous").get("/v1/events", withRole="true").status_code == 401
    assert ids(as_role("user").get("/v1/events", withRole="true")) == []
    assert ids(as_role("track_organizer").get("/v1/events", withRole="true")) == [str(event.pk)]
    assert set(ids(as_role("admin").get("/v1/events", withRole="true"))) == {str(event.pk), str(other.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("segment", "roles"),
    [
        ("events", {"owner", "organizer", "coorganizer", "track_organizer"}),
        ("owner-events", {"owner"}),
        ("organizer-events", {"organizer"}),
        ("coorganizer-events", {"coorganizer"}),
        ("track-organizer-events", {"track_organizer"}),
        ("registrar-events", set()),
        ("moderator-events", set()),
    ],
)
def test_user_event_lists_self_or_admin(segment, roles, role_users, event):
    for role in ("owner", "organizer", "coorganizer", "track_organizer"):
        user = role_users[role]
        url = f"/v1/users/{user.pk}/{segment}"
        assert ids(Api(user).get(url)) == ([str(event.pk)] if role in roles else [])
        assert ids(Api(role_users["admin"]).get(url)) == ([str(event.pk)] if role in roles else [])
        assert Api(role_users["user"]).get(url).status_code == 403
        assert Api(None).get(url).status_code == 401


@pytest.mark.django_db
def test_user_event_list_hides_drafts_from_track_organizer(role_users):
    draft = EventFactory(state="draft")
    grant(role_users["track_organizer"], draft, "track_organizer")
    grant(role_users["coorganizer"], draft, "coorganizer")
    track_view = ids(Api(role_users["track_organizer"]).get(f"/v1/users/{role_users['track_organizer'].pk}/events"))
    assert str(draft.pk) not in track_view
    assert draft.pk in [
        int(i) for i in ids(Api(role_users["coorganizer"]).get(f"/v1/users/{role_users['coorganizer'].pk}/events"))
    ]


@pytest.mark.django_db
def test_upcoming_lists_promoted_and_complete_events_only():
    promoted = EventFactory(is_promoted=True)
    EventFactory()  # plain: not promoted, incomplete
    EventFactory(is_promoted=True, state="draft")
    EventFactory(is_promoted=True, privacy="private")
    complete = EventFactory(
        original_image_url="https://img.example.org/a.png",
        logo_url="https://img.example.org/l.png",
        event_type=EventTypeFactory(),
        event_topic=(topic := EventTopicFactory()),
        event_sub_topic=EventSubTopicFactory(event_topic=topic),
    )
    TicketFactory(event=complete)
    SocialLinkFactory(event=complete, name="twitter")
    response = Api(None).get("/v1/events/upcoming")
    assert response.status_code == 200
    assert set(ids(response)) == {str(promoted.pk), str(complete.pk)}


# ---------------------------------------------------------------------------- update
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_update_event_per_role(role, as_role, event):
    response = as_role(role).patch(f"/v1/events/{event.pk}", resource("event", {"name": "Renamed"}, id=event.pk))
    expected = status_for(role, CO_ORGANIZERS)
    assert response.status_code == expected, response.content
    event.refresh_from_db()
    assert (event.name == "Renamed") == (expected == 200)


@pytest.mark.django_db
def test_update_by_identifier(as_role, event):
    response = as_role("owner").patch(f"/v1/events/{event.identifier}", resource("event", {"name": "X"}, id=event.pk))
    assert response.status_code == 200


@pytest.mark.django_db
def test_patch_keeps_what_it_does_not_send(as_role, event):
    """Defaults are applied on create only (§9.8)."""
    models.Event.objects.filter(pk=event.pk).update(is_ticket_form_enabled=False, privacy="private", is_featured=True)
    response = as_role("owner").patch(f"/v1/events/{event.pk}", resource("event", {"name": "X"}, id=event.pk))
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.is_ticket_form_enabled, event.privacy, event.is_featured) == (False, "private", True)


@pytest.mark.django_db
def test_patch_end_before_start_is_422_and_unchanged(as_role, event):
    before = event.ends_at
    body = resource("event", {"ends-at": iso(1)}, id=event.pk)
    response = as_role("owner").patch(f"/v1/events/{event.pk}", body)
    assert response.status_code == 422
    assert error_pointers(response) == ["/data/attributes/ends-at"]
    event.refresh_from_db()
    assert event.ends_at == before


@pytest.mark.django_db
def test_patch_unknown_timezone_is_422(as_role, event):
    body = resource("event", {"timezone": "Europe/Atlantis"}, id=event.pk)
    response = as_role("owner").patch(f"/v1/events/{event.pk}", body)
    assert response.status_code == 422
    event.refresh_from_db()
    assert event.timezone == "Asia/Singapore"


@pytest.mark.django_db
def test_publishing_a_draft_without_dates_is_422(as_role, role_users):
    draft = EventFactory(state="draft", starts_at=None, ends_at=None)
    grant(role_users["owner"], draft, "owner")
    response = Api(role_users["owner"]).patch(
        f"/v1/events/{draft.pk}", resource("event", {"state": "published"}, id=draft.pk)
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.state == "draft"


# ---------------------------------------------------------------------------- delete
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_delete_event_per_role(role, as_role, event):
    response = as_role(role).delete(f"/v1/events/{event.pk}")
    expected = status_for(role, ORGANIZERS)
    assert response.status_code == expected, response.content
    event.refresh_from_db()
    assert (event.deleted_at is not None) == (expected == 200)


@pytest.mark.django_db
def test_trashed_event_get_trashed_restore_and_permanent(as_role, event):
    event.soft_delete()
    assert as_role("anonymous").get(f"/v1/events/{event.pk}").status_code == 404
    assert str(event.pk) not in ids(as_role("admin").get("/v1/events"))
    assert str(event.pk) in ids(as_role("admin").get("/v1/events", get_trashed="true"))
    assert str(event.pk) not in ids(as_role("user").get("/v1/events", get_trashed="true"))
    assert as_role("user").get(f"/v1/events/{event.pk}", get_trashed="true").status_code == 404
    assert as_role("coorganizer").get(f"/v1/events/{event.pk}", get_trashed="true").status_code == 200

    restore = resource("event", {"deleted-at": None}, id=event.pk)
    assert as_role("user").patch(f"/v1/events/{event.pk}", restore).status_code == 404
    assert as_role("owner").patch(f"/v1/events/{event.pk}", restore).status_code == 200
    event.refresh_from_db()
    assert event.deleted_at is None

    assert as_role("coorganizer").delete(f"/v1/events/{event.pk}", permanent="true").status_code == 403
    assert as_role("owner").delete(f"/v1/events/{event.pk}", permanent="true").status_code == 200
    assert not models.Event.all_objects.filter(pk=event.pk).exists()
