"""Bulk generation, CSV export with use counts, and the Django admin for both kinds of code."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from discounts.models import DiscountCode, EventDiscountCode
from discounts.services import codes as services
from tests.conftest import Api
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory
from tests.factories.users import SuperAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")


def generate_url(event):
    return f"/v1/events/{event.identifier}/discount-codes/actions/generate"


def export_url(event):
    return f"/v1/events/{event.pk}/discount-codes/actions/export"


# --------------------------------------------------------------- bulk generation
@pytest.mark.parametrize("role", MANAGERS)
def test_generate_codes_with_prefix(as_role, role, event, paid, role_users):
    body = {"count": 25, "prefix": "foss-", "value": "5", "type": "amount", "tickets": [paid.pk], "tickets-number": 1}
    response = as_role(role).post_json(generate_url(event), body)
    assert response.status_code == 201, response.content
    created = response.json()["codes"]
    assert response.json()["count"] == 25 == len({c["code"] for c in created})
    codes = DiscountCode.objects.filter(event=event)
    assert codes.count() == 25
    for code in codes:
        assert code.code.startswith("FOSS-") and len(code.code) == len("FOSS-") + 8
        assert set(code.code[5:]) <= set(services.CODE_ALPHABET)
        assert code.used_for == "ticket" and code.tickets_number == 1 and code.value == Decimal("5.00")
        assert code.marketer == role_users[role]
        assert list(code.tickets.all()) == [paid]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_generate_codes_refused(as_role, role, status, event):
    response = as_role(role).post_json(generate_url(event), {"count": 2, "value": "5", "type": "amount"})
    assert response.status_code == status
    assert not DiscountCode.objects.exists()


def test_generate_codes_refused_for_other_events_organizer(other_organizer, event):
    response = other_organizer.post_json(generate_url(event), {"count": 2, "value": "5", "type": "amount"})
    assert response.status_code == 403
    assert not DiscountCode.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"count": 0, "value": "5", "type": "amount"},
        {"count": 10**6, "value": "5", "type": "amount"},
        {"count": 2, "value": "5", "type": "amount", "prefix": "no spaces"},
        {"count": 2, "value": "5", "type": "amount", "length": 2},
        {"count": 2, "value": "150", "type": "percent"},
        {"count": 2, "value": "500", "type": "amount", "tickets": ["PAID"]},
        {"count": 2, "value": "5", "type": "amount", "tickets": [999999]},
        {"count": 2, "value": "5", "type": "amount", "min-quantity": 5, "max-quantity": 1},
        {"count": 2, "type": "amount"},
    ],
)
def test_generate_codes_bad_input_is_422_and_writes_nothing(as_role, event, paid, body):
    body = {**body, "tickets": [paid.pk if t == "PAID" else t for t in body.get("tickets", [])]}
    response = as_role("organizer").post_json(generate_url(event), body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"]
    assert not DiscountCode.objects.exists()


def test_generate_codes_with_foreign_tickets_is_422(as_role, event):
    foreign = TicketFactory(event=EventFactory())
    body = {"count": 2, "value": "1", "type": "amount", "tickets": [foreign.pk]}
    assert as_role("organizer").post_json(generate_url(event), body).status_code == 422
    assert not DiscountCode.objects.exists()


def test_unique_codes_skip_existing_ones(event):
    taken = services.unique_codes(event, 300, prefix="X", length=4)
    for text in taken:
        TicketCodeFactory(event=event, code=text.lower())
    fresh = services.unique_codes(event, 300, prefix="X", length=4)
    assert len(set(fresh)) == 300
    assert not {t.lower() for t in fresh} & {t.lower() for t in taken}


# --------------------------------------------------------------- CSV export
def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("role", ("owner", "organizer", "coorganizer"))
def test_export_csv_with_use_counts(as_role, role, event, paid, code, event_code):
    Api(UserFactory()).post_json(
        "/v1/orders/create-order", {"tickets": [{"id": paid.pk, "quantity": 3}], "discount-code": code.pk}
    )
    TicketCodeFactory(event=event, code="=HYPERLINK(1)")
    response = as_role(role).get(export_url(event))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"discount-codes-{event.identifier}.csv" in response["Content-Disposition"]
    table = {row["id"]: row for row in rows(response)}
    assert str(event_code.pk) not in table  # organizers never see the event code
    assert table[str(code.pk)]["used_count"] == "3"
    assert table[str(code.pk)]["uses_left"] == "97"
    assert table[str(code.pk)]["value"] == "10.00"
    assert sorted(table[str(code.pk)]["tickets"].split()) == sorted(str(t.pk) for t in code.tickets.all())
    assert any(row["code"] == "'=HYPERLINK(1)" for row in table.values())


def test_export_csv_for_admin_includes_event_code(as_role, event, code, event_code):
    table = {row["id"]: row for row in rows(as_role("admin").get(export_url(event)))}
    assert table[str(event_code.pk)]["used_for"] == "event"


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_export_csv_refused(as_role, role, status, event, code):
    assert as_role(role).get(export_url(event)).status_code == status


def test_export_csv_refused_for_other_events_organizer(other_organizer, event, code):
    assert other_organizer.get(export_url(event)).status_code == 403


def test_export_csv_fixed_query_count(as_role, event, paid, django_assert_max_num_queries):
    client = as_role("organizer")
    TicketCodeFactory(event=event, tickets=[paid])
    with django_assert_max_num_queries(8):
        client.get(export_url(event))
    for _ in range(10):
        TicketCodeFactory(event=event, tickets=[paid])
    client = as_role("organizer")
    with django_assert_max_num_queries(8):
        assert len(rows(client.get(export_url(event)))) == 11


# --------------------------------------------------------------- public look-up by code
@pytest.mark.parametrize("role", ["anonymous", "user", "coorganizer", "admin"])
def test_public_lookup_case_insensitive(as_role, role, event, code):
    response = as_role(role).get(f"/v1/events/{event.identifier}/discount-codes/foss10")
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert attributes["code"] == "FOSS10" and attributes["value"] == 10.0
    assert "tickets-number" not in attributes and "is-active" not in attributes


def test_public_lookup_refusals(event, code, draft_event):
    client = Api()
    assert client.get(f"/v1/events/{event.pk}/discount-codes/NOPE").status_code == 404
    code.is_active = False
    code.save()
    assert client.get(f"/v1/events/{event.pk}/discount-codes/FOSS10").status_code == 422
    draft_code = TicketCodeFactory(event=draft_event, code="DRAFT")
    assert client.get(f"/v1/events/{draft_event.pk}/discount-codes/{draft_code.code}").status_code == 404
    platform = EventCodeFactory(code="PLATFORMX", events=[event])
    assert client.get(f"/v1/events/{event.pk}/discount-codes/{platform.code}").status_code == 404
    code.is_active = True
    code.save()
    code.soft_delete()
    assert client.get(f"/v1/events/{event.pk}/discount-codes/FOSS10").status_code == 404


# --------------------------------------------------------------- Django admin
@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def test_admin_lists_and_searches_both_kinds(staff_client, code, event_code):
    page = staff_client.get("/admin/discounts/discountcode/", {"q": "foss"})
    assert page.status_code == 200
    assert b"FOSS10" in page.content and b"PLATFORM" not in page.content
    assert b"PLATFORM" in staff_client.get("/admin/discounts/discountcode/", {"used_for__exact": "event"}).content
    assert staff_client.get(f"/admin/discounts/discountcode/{event_code.pk}/change/").status_code == 200


def test_admin_deactivate_action(staff_client, code, event_code):
    response = staff_client.post(
        "/admin/discounts/discountcode/",
        {"action": "deactivate", "_selected_action": [code.pk, event_code.pk]},
    )
    assert response.status_code == 302
    assert not DiscountCode.objects.filter(is_active=True).exists()


def test_admin_event_page_edits_the_event_code(staff_client, event, event_code):
    other = EventCodeFactory(code="OTHERPLATFORM")
    page = staff_client.get(f"/admin/events/event/{event.pk}/change/")
    assert page.status_code == 200
    assert b"event discount code" in page.content.lower()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    link = EventDiscountCode.objects.get(event=event)
    prefix = "discount_code_link"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1",
            f"{prefix}-0-id": str(link.pk),
            f"{prefix}-0-event": str(event.pk),
            f"{prefix}-0-discount_code": str(other.pk),
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        if formset.formset.prefix != prefix:
            for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
                data[f"{formset.formset.prefix}-{name}"] = management[name].value()
    response = staff_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert EventDiscountCode.objects.get(event=event).discount_code == other
