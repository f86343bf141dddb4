"""A user's role events, sessions and speaker profiles, and an event's `roles` and `user`, as real relationships.

Linkage when included, related routes, and only what the target's own endpoint lists to the caller.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Api
from tests.factories import AdminFactory, EventFactory, UserFactory, grant
from tests.factories.events import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

ROLE_LISTS = "events,owner-events,organizer-events,marketer-events,sales-admin-events,sessions,speakers"


@pytest.fixture
def world():
    me, stranger, admin = UserFactory(), UserFactory(), AdminFactory()
    public, draft, foreign = EventFactory(), EventFactory(state="draft"), EventFactory()
    grant(me, public, "organizer")
    grant(me, public, "marketer")
    grant(me, draft, "owner")
    grant(stranger, foreign, "owner")
    session = SessionFactory(event=public, creator=me)
    speaker = SpeakerFactory(event=public, user=me)
    people = {"me": me, "stranger": stranger, "admin": admin}
    return {**people, "public": public, "draft": draft, "foreign": foreign, "session": session, "speaker": speaker}


def ids(data):
    return sorted(int(item["id"]) for item in data)


def rels(document, type_, pk):
    for row in [document["data"], *document.get("included", [])]:
        if row["type"] == type_ and int(row["id"]) == pk:
            return row["relationships"]
    raise AssertionError(f"{type_} {pk} not in the document")


@pytest.mark.parametrize("caller", ["me", "admin"])
def test_user_detail_includes_his_role_events_sessions_and_speakers(world, caller):
    me, public, draft = world["me"], world["public"], world["draft"]
    response = Api(world[caller]).get(f"/v1/users/{me.pk}", include=ROLE_LISTS)
    assert response.status_code == 200, response.content
    relationships = response.json()["data"]["relationships"]
    assert ids(relationships["events"]["data"]) == sorted([public.pk, draft.pk])  # each event once
    assert ids(relationships["owner-events"]["data"]) == [draft.pk]
    assert ids(relationships["organizer-events"]["data"]) == [public.pk]
    assert ids(relationships["marketer-events"]["data"]) == [public.pk]
    assert relationships["sales-admin-events"]["data"] == []
    assert ids(relationships["sessions"]["data"]) == [world["session"].pk]
    assert ids(relationships["speakers"]["data"]) == [world["speaker"].pk]
    included = {(row["type"], int(row["id"])) for row in response.json()["included"]}
    assert {("event", draft.pk), ("session", world["session"].pk), ("speaker", world["speaker"].pk)} <= included
    assert relationships["events"]["links"]["related"] == f"/v1/users/{me.pk}/events"


@pytest.mark.parametrize("caller", ["anonymous", "stranger"])
def test_someone_elses_user_is_not_readable(world, caller):
    user = None if caller == "anonymous" else world["stranger"]
    response = Api(user).get(f"/v1/users/{world['me'].pk}", include=ROLE_LISTS)
    assert response.status_code == (401 if user is None else 403)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [("anonymous", False), ("stranger", False), ("me", True), ("organizer", False), ("admin", True)],
)
def test_role_events_of_an_included_user_only_for_himself_and_admins(world, caller, expected):
    """`/v1/events/<id>?include=organizers.owner-events`: the organizer's draft only to him (and admins); a
    fellow organizer of the public event sees the organizer, not the events the organizer holds roles on."""
    me, public, draft = world["me"], world["public"], world["draft"]
    fellow = UserFactory()
    grant(fellow, public, "organizer")
    users = {"anonymous": None, "organizer": fellow}
    client = Api(users.get(caller, world.get(caller)))
    response = client.get(f"/v1/events/{public.pk}", include="organizers.owner-events,organizers.events")
    assert response.status_code == 200, response.content
    mine = rels(response.json(), "user", me.pk)
    assert ids(mine["owner-events"]["data"]) == ([draft.pk] if expected else [])
    assert ids(mine["events"]["data"]) == (sorted([public.pk, draft.pk]) if expected else [])


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("stranger", 403), ("me", 200), ("admin", 200)])
def test_role_event_related_routes(world, caller, status):
    me = world["me"]
    client = Api(world.get(caller) if caller != "anonymous" else None)
    for segment, expected in (("marketer-events", [world["public"].pk]), ("sales-admin-events", [])):
        response = client.get(f"/v1/users/{me.pk}/{segment}")
        assert response.status_code == status, response.content
        if status == 200:
            assert ids(response.json()["data"]) == expected


@pytest.mark.parametrize(
    ("caller", "sees"),
    [("anonymous", False), ("stranger", False), ("me", True), ("admin", True)],
)
def test_event_roles_only_to_its_co_organizers(world, caller, sees):
    me, public = world["me"], world["public"]
    client = Api(world.get(caller) if caller != "anonymous" else None)
    response = client.get(f"/v1/events/{public.pk}", include="roles.user,roles.role")
    assert response.status_code == 200, response.content
    roles = response.json()["data"]["relationships"]["roles"]
    expected = sorted(row.pk for row in public.user_roles.all()) if sees else []
    assert ids(roles["data"]) == expected
    linkage = client.get(f"/v1/events/{public.pk}/relationships/roles")
    assert linkage.status_code == 200 and ids(linkage.json()["data"]) == expected
    related = client.get(f"/v1/events/{public.pk}/roles")
    assert related.status_code == (200 if sees else 401 if caller == "anonymous" else 403)
    if sees:
        assert ids(related.json()["data"]) == expected
        assert me.pk in {int(r["relationships"]["user"]["data"]["id"]) for r in related.json()["data"]}


@pytest.mark.parametrize("caller", ["anonymous", "stranger", "admin"])
def test_event_user_is_its_owner(world, caller):
    foreign = world["foreign"]
    client = Api(world.get(caller) if caller != "anonymous" else None)
    response = client.get(f"/v1/events/{foreign.pk}", include="user")
    assert response.status_code == 200, response.content
    assert response.json()["data"]["relationships"]["user"]["data"] == {"type": "user", "id": str(world["stranger"].pk)}
    related = client.get(f"/v1/events/{foreign.pk}/user")
    assert related.status_code == 200 and related.json()["data"]["id"] == str(world["stranger"].pk)
    linkage = client.get(f"/v1/events/{foreign.pk}/relationships/user")
    assert linkage.json()["data"] == {"type": "user", "id": str(world["stranger"].pk)}


def test_empty_relationships_answer_empty(world):
    ownerless = EventFactory()
    client = Api(world["admin"])
    assert client.get(f"/v1/events/{ownerless.pk}/user").json()["data"] is None
    assert client.get(f"/v1/events/{ownerless.pk}/relationships/user").json()["data"] is None
    assert client.get(f"/v1/events/{ownerless.pk}/roles").json()["data"] == []
    lonely = UserFactory()
    assert client.get(f"/v1/users/{lonely.pk}/sales-admin-events").json()["data"] == []
    response = client.get(f"/v1/users/{lonely.pk}", include=ROLE_LISTS)
    assert all(response.json()["data"]["relationships"][name]["data"] == [] for name in ROLE_LISTS.split(","))


def test_draft_events_stay_hidden_inside_a_users_own_lists_when_no_longer_on_the_team(world):
    """The role list shows events the caller may see: a marketer of a draft (no organizing role) does not see it."""
    me = world["me"]
    hidden = EventFactory(state="draft")
    grant(me, hidden, "marketer")
    response = Api(me).get(f"/v1/users/{me.pk}", include="marketer-events")
    assert hidden.pk not in ids(response.json()["data"]["relationships"]["marketer-events"]["data"])


def _users_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        include = f"{ROLE_LISTS},events.owner,speakers.sessions"
        response = client.get("/v1/users", include=include, **{"page[size]": "100"})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["data"])


def _a_user_with_everything():
    user = UserFactory()
    event = EventFactory()
    grant(user, event, "owner")
    grant(user, EventFactory(), "marketer")
    SpeakerFactory(event=event, user=user).sessions.add(SessionFactory(event=event, creator=user))
    return user


def test_users_list_includes_cost_the_same_queries_for_1_and_4_users(django_assert_max_num_queries):
    client = Api(AdminFactory())
    _a_user_with_everything()
    few, first_rows = _users_list_queries(client)
    for _ in range(3):
        _a_user_with_everything()
    many, rows = _users_list_queries(client)
    assert rows == first_rows + 3
    assert many == few
    with django_assert_max_num_queries(few):
        client.get("/v1/users", include=ROLE_LISTS, **{"page[size]": "100"})


@pytest.mark.parametrize("caller", ["anonymous", "admin"])
def test_event_list_with_users_role_events_costs_a_fixed_number_of_queries(world, caller):
    client = Api(world["admin"] if caller == "admin" else None)
    include = "owner.events,user.owner-events,organizers.marketer-events,roles.user,owner.speakers.sessions"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/v1/events", include=include, **{"page[size]": "100"}).status_code == 200
        return len(ctx.captured_queries)

    def add_event():
        event = EventFactory()
        owner = _a_user_with_everything()
        grant(owner, event, "owner")
        grant(owner, event, "organizer")

    add_event()  # every level of the include has rows before counting
    few = count()
    for _ in range(3):
        add_event()
    assert count() == few
