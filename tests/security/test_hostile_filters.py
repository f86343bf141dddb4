"""Issue 15 acceptance: a hostile-filter test generated from the router and the serializers.

For every list endpoint and every relationship a filter can step into (to-one `has`, to-many `any`),
anonymous and plain-user probes on every concrete column of the related model either are refused (400) or
give the same count for the private row's value and for a value nobody has: a leak would show as 1 vs 0.
"""

import json
import uuid

import pytest
from django.urls import URLResolver, get_resolver
from rest_framework.generics import ListAPIView

from eventyay.api.filters import _model_field, readable_sources, related_serializer
from eventyay.api.includes import included_rows
from tests.conftest import Api
from tests.factories.discounts import TicketCodeFactory
from tests.factories.events import EventFactory, EventTypeFactory, SessionFactory, SpeakerFactory, TicketFactory, grant
from tests.factories.payments import StripeAuthorizationFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
SKIP_TYPES = ("BooleanField", "JSONField", "FileField", "ImageField", "BinaryField")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def list_endpoints():
    """(route, serializer class) of every GET list with at most the event or session in its path."""
    found = []
    for route, callback in _walk(get_resolver().url_patterns):
        cls, actions = getattr(callback, "cls", None), getattr(callback, "actions", None)
        if cls is None or not route.startswith("v1/"):
            continue
        if (actions is not None and actions.get("get") != "list") or (
            actions is None and not issubclass(cls, ListAPIView)
        ):
            continue
        if route.count("<") > 1 or ("<" in route and not any(k in route for k in ("event_id", "session_id"))):
            continue
        serializer = getattr(cls, "serializer_class", None)
        if serializer is not None and getattr(serializer, "included_serializers", None):
            found.append((route, serializer, frozenset(getattr(cls, "to_one_filter_fields", ()))))
    return found


def steps(serializer, to_one_names):
    model, sources = serializer.Meta.model, readable_sources(serializer)
    for name in serializer.included_serializers:
        related = related_serializer(serializer, name)
        field = _model_field(model, sources.get(name, "")) if name in sources else None
        if related is None or field is None or not field.is_relation or field.related_model is None:
            continue
        to_one = (field.many_to_one or field.one_to_one) or name in to_one_names
        yield name, "has" if to_one else "any", related, field.related_model


def miss_value(field, value):
    kind = field.get_internal_type()
    if isinstance(value, str):
        return "zz-no-such-value-zz"
    if kind in ("UUIDField",):
        return str(uuid.uuid4())
    if isinstance(value, int | float) or kind in ("DecimalField",):
        return 987654321
    if kind in ("DateTimeField",):
        return "1901-01-01T00:00:00Z"
    if kind in ("DateField",):
        return "1901-01-01"
    return None


@pytest.fixture
def world(settings):
    from cryptography.fernet import Fernet

    settings.STRIPE_SECRETS_KEY = Fernet.generate_key().decode()
    kind = EventTypeFactory()
    event = EventFactory(event_type=kind)
    co_organizer = UserFactory(email="coorg-private@example.org")
    grant(co_organizer, event, "coorganizer")
    ticket = TicketFactory(event=event)
    TicketFactory(event=event, name="Secret tier", is_hidden=True)
    TicketCodeFactory(event=event, code="HIDDENCODE", tickets=[ticket])
    StripeAuthorizationFactory(event=event)
    session = SessionFactory(event=event, creator=co_organizer)
    SessionFactory(event=event, title="Pending talk", state="pending")
    speaker = SpeakerFactory(event=event, mobile="+6512345678", email="speaker-private@example.org")
    session.speakers.add(speaker)
    EventFactory(state="draft", name="Stealth launch", event_type=kind)
    return {"event_id": event.pk, "session_id": session.pk}


def probes(world, caller):
    """(url, match tree, miss tree, what) for each private value a filter might reach."""
    for route, serializer, to_one_names in list_endpoints():
        url = "/" + route.replace("<str:event_id>", str(world["event_id"]))
        url = url.replace("<str:session_id>", str(world["session_id"]))
        for name, op, related, model in steps(serializer, to_one_names):
            visible = set(included_rows(model, caller).values_list("pk", flat=True))
            shown = set(readable_sources(related)) - set(getattr(related, "private_fields", ()))
            rows = list(model._default_manager.all())
            for column in model._meta.concrete_fields:
                if column.is_relation or column.get_internal_type() in SKIP_TYPES or column.primary_key:
                    continue
                for row in rows:
                    value = getattr(row, column.attname)
                    if row.pk in visible and column.name in shown:
                        continue  # shown to this caller anyway
                    if value in (None, "") or sum(getattr(r, column.attname) == value for r in rows) != 1:
                        continue  # not a value only the private row has
                    miss = miss_value(column, value)
                    if miss is None:
                        continue
                    value = value.isoformat() if hasattr(value, "isoformat") else value
                    value = str(value) if not isinstance(value, str | int | float) else value
                    yield (
                        url,
                        _tree(name, op, column.name, value),
                        _tree(name, op, column.name, miss),
                        f"{url} {name} {column.name}",
                    )
                    break


def _tree(relationship, op, column, value):
    inner = {"name": column.replace("_", "-"), "op": "eq", "val": value}
    return {"name": relationship.replace("_", "-"), "op": op, "val": inner}


def count(client, url, tree):
    response = client.get(url, filter=json.dumps([tree]))
    body = response.json() if response.status_code != 204 else {}
    return response.status_code, (body.get("meta") or {}).get("count")


@pytest.mark.parametrize("who", ("anonymous", "user"))
def test_no_filter_step_reads_a_private_value(world, who):
    user = UserFactory() if who == "user" else None
    client = Api(user)
    from django.contrib.auth.models import AnonymousUser

    leaks, probed = [], 0
    for url, match, miss, what in probes(world, user or AnonymousUser()):
        probed += 1
        a, b = count(client, url, match), count(client, url, miss)
        assert a[0] < 500 and b[0] < 500, (what, a, b)
        if a[0] == 400 and b[0] == 400:
            continue
        if a != b:
            leaks.append((what, a, b))
    assert probed > 50, probed
    assert not leaks, leaks
