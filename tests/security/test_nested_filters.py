"""Issue 15, finding 1: a filter or sort step into a relationship reads only what the related resource shows
this caller, over the rows its own endpoint lists; so counts of 1 vs 0 reveal nothing private."""

import json
import time

import pytest

from tests.conftest import Api
from tests.factories.discounts import TicketCodeFactory
from tests.factories.engagement import UserFavouriteSessionFactory
from tests.factories.events import EventFactory, EventTypeFactory, SessionFactory, SpeakerFactory, TicketFactory
from tests.factories.payments import StripeAuthorizationFactory
from tests.factories.users import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def count(client, url, tree):
    response = client.get(url, filter=json.dumps(tree))
    return response.status_code, (len(response.json()["data"]) if response.status_code == 200 else None)


def probe(client, url, match, miss):
    """Refused, or the same answer for a matching and a non-matching value."""
    a, b = count(client, url, match), count(client, url, miss)
    assert a[0] in (200, 400), a
    if a[0] == 400:
        assert b[0] == 400
    else:
        assert a == b, (match, a, b)


@pytest.fixture(autouse=True)
def _stripe_key(settings):
    from cryptography.fernet import Fernet

    settings.STRIPE_SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture
def callers():
    return {"anonymous": Api(), "user": Api(UserFactory())}


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_discount_code_through_tickets(callers, who):
    event = EventFactory()
    ticket = TicketFactory(event=event)
    TicketCodeFactory(event=event, code="HIDDENCODE", tickets=[ticket])
    inner = {"name": "discount-codes", "op": "any", "val": {"name": "code", "op": "startswith", "val": "HIDDEN"}}
    miss = {"name": "discount-codes", "op": "any", "val": {"name": "code", "op": "startswith", "val": "ZZZ"}}
    probe(
        callers[who],
        "/v1/events",
        {"name": "tickets", "op": "any", "val": inner},
        {"name": "tickets", "op": "any", "val": miss},
    )


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_stripe_user_id(callers, who):
    auth = StripeAuthorizationFactory()

    def tree(v):
        return {"name": "stripe-authorization", "op": "has", "val": {"name": "stripe-user-id", "op": "eq", "val": v}}

    probe(callers[who], "/v1/events", tree(auth.stripe_user_id), tree("acct_nothing"))


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_speaker_mobile_and_email(callers, who):
    event = EventFactory()
    speaker = SpeakerFactory(event=event, mobile="+6512345678", email="private@example.org")
    SessionFactory(event=event).speakers.add(speaker)
    for attr, value in (("mobile", "+6512345678"), ("email", "private@example.org")):
        tree = lambda v: {"name": "speakers", "op": "any", "val": {"name": attr, "op": "eq", "val": v}}  # noqa: E731, B023
        probe(callers[who], f"/v1/events/{event.pk}/sessions", tree(value), tree("nobody"))


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_hidden_ticket_and_pending_session(callers, who):
    event = EventFactory()
    TicketFactory(event=event, name="Secret tier", is_hidden=True)
    SessionFactory(event=event, title="Pending talk", state="pending")
    tickets = lambda v: {"name": "tickets", "op": "any", "val": {"name": "name", "op": "eq", "val": v}}  # noqa: E731
    probe(callers[who], "/v1/events", tickets("Secret tier"), tickets("nothing"))
    sessions = lambda v: {"name": "sessions", "op": "any", "val": {"name": "title", "op": "eq", "val": v}}  # noqa: E731
    probe(callers[who], "/v1/events", sessions("Pending talk"), sessions("nothing"))


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_draft_events_through_event_types(callers, who):
    kind = EventTypeFactory()
    EventFactory(state="draft", name="Stealth launch", event_type=kind)
    tree = lambda v: {"name": "events", "op": "any", "val": {"name": "name", "op": "eq", "val": v}}  # noqa: E731
    probe(callers[who], "/v1/event-types", tree("Stealth launch"), tree("nothing"))


def test_sort_on_creator_email_is_refused_with_a_pointer():
    event = EventFactory()
    response = Api(UserFactory()).get(f"/v1/events/{event.pk}/sessions", sort="creator.email")
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "sort"}


def test_unknown_nested_field_names_the_allowed_ones():
    tree = [{"name": "tickets", "op": "any", "val": {"name": "nonsense", "op": "eq", "val": 1}}]
    response = Api().get("/v1/events", filter=json.dumps(tree))
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["source"] == {"parameter": "filter"}
    assert "Fields you may filter on here" in error["detail"]


def test_organizer_still_filters_on_his_pending_sessions():
    from tests.factories.events import grant

    owner = UserFactory()
    event = EventFactory()
    grant(owner, event, "owner")
    SessionFactory(event=event, title="Pending talk", state="pending")
    tree = {"name": "sessions", "op": "any", "val": {"name": "title", "op": "eq", "val": "Pending talk"}}
    assert count(Api(owner), "/v1/events", tree) == (200, 1)
    assert count(Api(UserFactory()), "/v1/events", tree) == (200, 0)


# ----------------------------------------------------------------- finding 8: like as SQL LIKE
def test_like_with_wildcards_is_fast_on_a_long_string():
    EventFactory(description="A" * 800)
    tree = [{"name": "description", "op": "like", "val": "%A%A%A%_B"}]
    started = time.monotonic()
    assert count(Api(), "/v1/events", tree) == (200, 0)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("pattern", "op", "hits"),
    [
        ("a_c", "like", 3),  # `_` is any one character
        ("a\\_c", "like", 1),  # escaped: the literal underscore only
        ("a%", "like", 3),
        ("a\\%c", "like", 1),
        ("A_C", "like", 0),  # like is case-sensitive
        ("A_C", "ilike", 3),
        ("A\\_C", "ilike", 1),
        ("A\\_C", "notilike", 2),
    ],
)
def test_like_wildcards_and_escapes(pattern, op, hits):
    for name in ("abc", "a_c", "a%c"):
        EventFactory(name=name)
    tree = [{"name": "name", "op": op, "val": pattern}]
    assert count(Api(), "/v1/events", tree) == (200, hits)


def _favourites_of_withdrawn_sessions(user):
    """Two favourites whose sessions went back to pending (listed to their team only) and sort opposite to them."""
    event = EventFactory()
    first = UserFavouriteSessionFactory(user=user, session=SessionFactory(event=event, title="Zeta"))
    second = UserFavouriteSessionFactory(user=user, session=SessionFactory(event=event, title="Alpha"))
    type(first.session).objects.filter(pk__in=[first.session_id, second.session_id]).update(state="pending")
    return f"/v1/users/{user.pk}/user-favourite-sessions", first, second


def test_sort_into_rows_the_caller_may_not_list_does_not_rank_by_them():
    """A user's favourites sorted by their session's title: a pending session's title reaches its team only, so
    for him the order is the one of no title at all (the id), whatever the hidden titles say."""
    user = UserFactory()
    url, first, second = _favourites_of_withdrawn_sessions(user)
    for sort in ("session.title", "-session.title"):
        response = Api(user).get(url, sort=sort)
        assert response.status_code == 200, response.content
        assert [item["id"] for item in response.json()["data"]] == [str(first.pk), str(second.pk)]


def test_sort_into_a_related_resource_still_orders_by_what_the_caller_may_see():
    url, first, second = _favourites_of_withdrawn_sessions(UserFactory())
    response = Api(AdminFactory()).get(url, sort="session.title")
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["data"]] == [str(second.pk), str(first.pk)]
