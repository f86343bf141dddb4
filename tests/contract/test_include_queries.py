"""Every relationship the event lists can include, one and two levels deep: the same queries for 1 row and 4.

Generated from the serializers, so a relationship added later is covered without a new test. The paths are
grouped by their first relationship (`owner`, `owner.events`, `owner.sessions`, …): one world is built per group
and every path of it is measured there, each failing path named in the assertion.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from events.serializers.event import EventSerializer
from tests.conftest import Api
from tests.factories import AdminFactory, EventFactory, UserFactory, grant
from tests.factories.content import ExhibitorFactory, FaqFactory, TagFactory
from tests.factories.contract import event_parts
from tests.factories.discounts import TicketCodeFactory
from tests.factories.engagement import FeedbackFactory, UserFavouriteSessionFactory
from tests.factories.events import (
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakerFactory,
    SponsorFactory,
    TicketFactory,
    TrackFactory,
)
from tests.factories.forms import CustomFormFactory
from tests.factories.invites import RoleInviteFactory, SpeakerInviteFactory
from tests.factories.relationships import app_rows

pytestmark = pytest.mark.django_db


def include_paths():
    """`name` and `name.child` for every includable relationship of an event."""
    paths = []
    top = EventSerializer.included_serializers
    for name in top:
        paths.append(name)
        child = top[name]
        for child_name in getattr(child, "included_serializers", None) or {}:
            paths.append(f"{name}.{child_name}")
    return [path.replace("_", "-") for path in paths]


def event_with_rows():
    """An event with one of each part, and the rows apps above `events` hang on it, its ticket, its session and
    its organizer (so that `organizers.orders` has something to load)."""
    event = EventFactory()
    parts = event_parts(event)
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    app_rows(event, parts["tickets"], parts["sessions"], organizer)


def queries(client, include, expected_rows):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/v1/events", include=include, **{"page[size]": "100"})
    assert response.status_code == 200, response.content
    assert len(response.json()["data"]) == expected_rows
    return len(ctx.captured_queries)


def by_first_relationship(paths):
    """[(first name, [paths starting with it])], in the order the paths came."""
    groups = {}
    for path in paths:
        groups.setdefault(path.split(".")[0], []).append(path)
    return list(groups.items())


def differing(counts_few, counts_many):
    return {path: (counts_few[path], counts_many[path]) for path in counts_few if counts_few[path] != counts_many[path]}


@pytest.mark.parametrize(("first", "includes"), by_first_relationship(include_paths()))
@pytest.mark.parametrize("caller", ["anonymous", "admin"])
def test_event_list_includes_cost_the_same_queries_for_1_and_4_events(first, includes, caller):
    client = Api(AdminFactory() if caller == "admin" else None)
    event_with_rows()
    one = {include: queries(client, include, 1) for include in includes}
    for _ in range(3):
        event_with_rows()
    four = {include: queries(client, include, 4) for include in includes}
    assert not differing(one, four), "queries for 1 event vs 4, by include path"


EVENT_LISTS = (
    "sessions",
    "speakers",
    "tracks",
    "microlocations",
    "session-types",
    "tickets",
    "sponsors",
    "social-links",
    "discount-codes",
    "custom-forms",
    "role-invites",
    "speaker-invites",
    "faqs",
    "faq-types",
    "exhibitors",
    "tags",
    "feedbacks",
    "user-favourite-sessions",
)


def add_parts(event):
    """One more of each listable part of `event`, linked the way a real programme is."""
    ticket = TicketFactory(event=event)
    track, room = TrackFactory(event=event), MicrolocationFactory(event=event)
    session = SessionFactory(event=event, track=track, microlocation=room, session_type=SessionTypeFactory(event=event))
    session.speakers.add(SpeakerFactory(event=event), SpeakerFactory(event=event))
    SponsorFactory(event=event)
    SocialLinkFactory(event=event)
    TicketCodeFactory(event=event, tickets=[ticket])
    CustomFormFactory(event=event)
    RoleInviteFactory(event=event)
    SpeakerInviteFactory(session=session)
    FaqFactory(event=event)
    ExhibitorFactory(event=event).sessions.add(session)
    TagFactory(event=event)
    FeedbackFactory(session=session)
    UserFavouriteSessionFactory(session=session)
    app_rows(event, ticket, session, UserFactory())


def list_include_cases():
    cases = []
    for collection in EVENT_LISTS:
        view = resolve(f"/v1/events/1/{collection}").func
        serializer = view.cls.serializer_class
        top = getattr(serializer, "included_serializers", None) or {}
        for name in top:
            cases.append((collection, name))
            for child_name in getattr(top[name], "included_serializers", None) or {}:
                cases.append((collection, f"{name}.{child_name}"))
    return [(collection, path.replace("_", "-")) for collection, path in cases]


def list_include_groups():
    groups = {}
    for collection, include in list_include_cases():
        groups.setdefault((collection, include.split(".")[0]), []).append(include)
    return [(collection, first, includes) for (collection, first), includes in groups.items()]


def part_list(client, url, include):
    """(rows, queries) of one page of `url?include=...`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, include=include, **{"page[size]": "100"})
    assert response.status_code == 200, (include, response.content)
    return len(response.json()["data"]), len(ctx.captured_queries)


@pytest.mark.parametrize(("collection", "first", "includes"), list_include_groups())
def test_event_part_list_includes_cost_the_same_queries_for_1_and_4_rows(collection, first, includes):
    event = EventFactory()
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    client, url = Api(organizer), f"/v1/events/{event.pk}/{collection}"
    add_parts(event)
    few = {include: part_list(client, url, include) for include in includes}
    for _ in range(3):
        add_parts(event)
    many = {include: part_list(client, url, include) for include in includes}
    assert all(many[include][0] > few[include][0] for include in includes)
    assert not differing({k: v[1] for k, v in few.items()}, {k: v[1] for k, v in many.items()}), (
        "queries for 1 row vs 4, by include path"
    )
