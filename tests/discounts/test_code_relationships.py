"""`access-codes` and `discount-codes` of events and users, per role, through HTTP.

Codes are private to the co-organizers of their event and staff wherever they are included; the related routes
are the nested lists (`/v1/events/<id>/access-codes`, `/v1/users/<id>/discount-codes`, ...) with their own rules.
"""

import pytest

from tests.conftest import Api
from tests.factories import UserFactory, grant
from tests.factories.events import SessionFactory, TicketFactory
from tests.factories.relationships import app_rows
from tests.relationship_checks import (
    ROLES,
    add_event_with_rows,
    assert_event_list_queries_fixed,
    list_queries,
    related,
    shows,
)

pytestmark = pytest.mark.django_db
MANAGERS = {"owner", "organizer", "coorganizer", "admin", "super_admin"}
RELS = ["access-codes", "discount-codes"]


@pytest.fixture
def codes(event):
    marketer = UserFactory()
    return marketer, app_rows(event, TicketFactory(event=event), SessionFactory(event=event), marketer)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rel", RELS)
def test_event_codes_reach_its_managers_only(as_role, role, rel, event, codes):
    code = codes[1][rel]
    client, url = as_role(role), f"/v1/events/{event.pk}"
    shows(client, url, rel, {code.pk} if role in MANAGERS else set())
    expected = (200, {str(code.pk)}) if role in MANAGERS else (401 if role == "anonymous" else 403, set())
    assert related(client, url, rel) == expected


@pytest.mark.parametrize("rel", RELS)
def test_a_marketer_lists_his_codes_but_they_are_not_included_for_him(rel, codes, role_users):
    """Included codes follow the event's rule (co-organizers); his own list is `/v1/users/<id>/<rel>`."""
    marketer, rows = codes
    url = f"/v1/users/{marketer.pk}"
    shows(Api(marketer), url, rel, set(), route=False)
    assert related(Api(marketer), url, rel) == (200, {str(rows[rel].pk)})
    shows(Api(role_users["admin"]), url, rel, {rows[rel].pk}, route=False)
    assert related(Api(role_users["user"]), url, rel) == (403, set())
    assert related(Api(None), url, rel) == (401, set())


def test_a_marketer_who_co_organizes_sees_his_codes_included(event, codes):
    marketer, rows = codes
    grant(marketer, event, "coorganizer")
    for rel in RELS:
        shows(Api(marketer), f"/v1/users/{marketer.pk}", rel, {rows[rel].pk}, route=False)


@pytest.mark.parametrize("caller", ["anonymous", "organizer", "admin"])
def test_including_codes_on_the_event_list_costs_a_fixed_number_of_queries(caller, role_users):
    client = Api(None if caller == "anonymous" else role_users[caller])
    include = "access-codes.tickets,discount-codes.tickets,access-codes.marketer"

    assert_event_list_queries_fixed(client, role_users["organizer"], include)
    few_users, _ = list_queries(Api(role_users["admin"]), "/v1/users", "access-codes,discount-codes")
    add_event_with_rows(role_users["organizer"])
    assert list_queries(Api(role_users["admin"]), "/v1/users", "access-codes,discount-codes")[0] == few_users
