"""Sales exports (issue 17): orders and attendees as CSV and PDF, as jobs with a task URL and a download,
for co-organizers and admins only, formulas neutralised, a fixed number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import CustomForm
from tests.events.support import CO_ORGANIZERS, ROLES
from tests.factories import TicketFactory
from tests.factories.sales import AttendeeFactory, sold
from tests.transfers.test_schedule_api import fetch_result, start
from transfers.exporters import export
from transfers.exporters.sales import load_sales
from transfers.models import ExportJob

pytestmark = pytest.mark.django_db

ROUTES = {
    "orders/csv": "csv-orders",
    "orders/pdf": "pdf-orders",
    "attendees/csv": "csv-attendees",
    "attendees/pdf": "pdf-attendees",
}


def expected(role):
    if role == "anonymous":
        return 401
    return 200 if role in CO_ORGANIZERS else 403


def rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_sales_export_per_role(event, as_role, jobs, route, role):
    code = expected(role)
    sold(TicketFactory(event=event), 2)
    response = start(as_role(role), jobs, event.pk, route)
    assert response.status_code == code, response.content
    assert ExportJob.objects.count() == (1 if code == 200 else 0)
    if code == 200:
        assert ExportJob.objects.get().format == ROUTES[route]
        reply, content = fetch_result(as_role(role), response)
        assert reply.status_code == 200
        assert event.identifier in reply["Content-Disposition"]
        assert content.startswith(b"%PDF") if route.endswith("pdf") else content.startswith(b"Order#")
    elif code == 403:
        assert response.json()["errors"][0]["detail"] == "Co-organizer access is required."


def test_download_is_refused_to_other_roles(event, as_role, jobs):
    sold(TicketFactory(event=event))
    owner = as_role("owner")
    response = start(owner, jobs, event.identifier, "attendees/csv")
    url = owner.get(response.json()["task_url"]).json()["result"]["download_url"].split("?", 1)[0]  # no token
    assert as_role("track_organizer").client.get(url).status_code == 403
    assert as_role("user").client.get(url).status_code == 403
    assert as_role("anonymous").client.get(url).status_code == 401


def test_orders_and_attendees_csv_hold_every_order_and_holder(event, as_role, jobs):
    ticket = TicketFactory(event=event, name="Early bird")
    paid = sold(ticket, 2, company="ACME")
    refunded = sold(ticket, 1, status="refunded")
    owner = as_role("owner")
    orders = rows(fetch_result(owner, start(owner, jobs, event.pk, "orders/csv"))[1])
    assert orders[0][:3] == ["Order#", "Order Date", "Status"]
    by_id = {row[0]: row for row in orders[1:]}
    assert set(by_id) == {paid.identifier, refunded.identifier}
    assert by_id[paid.identifier][2] == "completed" and "2 × Early bird" in by_id[paid.identifier]
    assert "ACME" in by_id[paid.identifier] and by_id[refunded.identifier][2] == "refunded"
    attendees = rows(fetch_result(owner, start(owner, jobs, event.pk, "attendees/csv"))[1])
    assert len(attendees) == 1 + 3
    assert {row[0] for row in attendees[1:]} == {paid.identifier, refunded.identifier}
    assert all(row[4] == "Early bird" for row in attendees[1:])


def test_attendee_csv_has_a_column_per_custom_field(event, as_role, jobs):
    CustomForm.objects.create(event=event, form="attendee", field_identifier="dietPreference", name="Diet", type="text")
    attendee = AttendeeFactory(
        order=sold(TicketFactory(event=event), 0), complex_field_values={"diet_preference": "vegan"}
    )
    owner = as_role("owner")
    table = rows(fetch_result(owner, start(owner, jobs, event.pk, "attendees/csv"))[1])
    assert table[0][-1] == "Diet"
    assert [row[-1] for row in table[1:] if attendee.email in row] == ["vegan"]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "\tTAB"])
def test_csv_injection_is_neutralised(event, as_role, jobs, formula):
    order = sold(TicketFactory(event=event, name=formula), 1, company=formula, city=formula)
    order.attendees.update(firstname=formula, email="x@example.org")
    owner = as_role("owner")
    for route in ("orders/csv", "attendees/csv"):
        table = rows(fetch_result(owner, start(owner, jobs, event.pk, route))[1])
        cells = [cell for row in table[1:] for cell in row]
        assert "'" + formula in cells, (route, cells)
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t") for cell in cells), (route, cells)


@pytest.mark.parametrize("name", list(ROUTES.values()))
def test_export_runs_a_fixed_number_of_queries(event, name):
    ticket = TicketFactory(event=event)
    sold(ticket, 1)
    with CaptureQueriesContext(connection) as few:
        export(event, name)
    for _ in range(12):
        sold(ticket, 2)
    with CaptureQueriesContext(connection) as many:
        content = export(event, name)
    assert len(many) == len(few) <= 4
    if name.startswith("csv"):
        assert len(rows(content)) == 1 + (13 if name == "csv-orders" else 25)


def test_load_sales_reads_other_events_nothing(event):
    sold(TicketFactory(event=event), 1)
    other = sold(TicketFactory(), 3)
    sales = load_sales(event)
    assert len(sales.orders) == 1 and len(sales.attendees) == 1
    assert other.identifier not in {o.identifier for o in sales.orders}
