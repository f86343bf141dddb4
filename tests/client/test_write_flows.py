"""The web client's write flows as it sends them: the event wizard (the event, then its parts and its default
custom forms in parallel), editing an event and its tickets, and a discount code."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event
from forms.domain import create_default_forms
from forms.models import CustomForm
from tests.conftest import Api, resource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def iso(days):
    return (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0).isoformat()


def default_form(event_id, form, identifier, name, **attributes):
    """What the wizard sends for each default field it shows (client: app/utils/dictionary/forms)."""
    body = {
        "form": form,
        "field-identifier": identifier,
        "name": name,
        "type": "text",
        "is-required": False,
        "is-included": True,
        "is-fixed": False,
        **attributes,
    }
    return resource("custom-form", body, {"event": ("event", event_id)})


def test_event_wizard(db):
    organizer = Api(UserFactory())
    created = organizer.post(
        "/v1/events",
        resource(
            "event",
            {
                "name": "Wizard Conf",
                "starts-at": iso(30),
                "ends-at": iso(31),
                "timezone": "UTC",
                "is-sponsors-enabled": True,
                "is-sessions-speakers-enabled": True,
            },
        ),
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["data"]["id"]
    rel = {"event": ("event", event_id)}
    parts = [
        (
            "/v1/tickets",
            resource(
                "ticket",
                {"name": "Free", "type": "free", "quantity": 10, "sales-starts-at": iso(-1), "sales-ends-at": iso(20)},
                rel,
            ),
        ),
        ("/v1/tracks", resource("track", {"name": "Web", "color": "#112233"}, rel)),
        ("/v1/session-types", resource("session-type", {"name": "Talk", "length": "00:30"}, rel)),
        ("/v1/microlocations", resource("microlocation", {"name": "Hall"}, rel)),
        ("/v1/sponsors", resource("sponsor", {"name": "ACME"}, rel)),
        ("/v1/custom-forms", default_form(event_id, "session", "title", "Title", **{"is-required": True})),
        ("/v1/custom-forms", default_form(event_id, "session", "track", "Track", **{"is-included": False})),
        ("/v1/custom-forms", default_form(event_id, "speaker", "email", "Email", type="email")),
        ("/v1/custom-forms", default_form(event_id, "attendee", "email", "Email", type="email")),
    ]
    before = CustomForm.objects.filter(event_id=event_id).count()
    for url, body in parts:
        response = organizer.post(url, body)
        assert response.status_code == 201, (url, response.content)
    forms = CustomForm.objects.filter(event_id=event_id)
    assert forms.count() == before  # the defaults were updated, none added twice
    assert forms.get(form="session", field_identifier="track").is_included is False
    assert forms.get(form="session", field_identifier="title").is_required is True
    event = Event.objects.get(pk=event_id)
    assert event.tickets.count() == event.tracks.count() == event.sponsors.count() == 1


def test_a_custom_field_posted_twice_is_still_409(db):
    organizer = Api(UserFactory())
    created = organizer.post(
        "/v1/events",
        resource("event", {"name": "Conf", "starts-at": iso(30), "ends-at": iso(31), "timezone": "UTC"}),
    )
    event_id = created.json()["data"]["id"]
    body = default_form(event_id, "session", "tshirtSize", "T-shirt")
    assert organizer.post("/v1/custom-forms", body).status_code == 201
    assert organizer.post("/v1/custom-forms", body).status_code == 409
    assert CustomForm.objects.filter(event_id=event_id, field_identifier="tshirtSize").count() == 1


def test_outsiders_cannot_rewrite_defaults(as_role, event):
    create_default_forms(event)
    before = CustomForm.objects.get(event=event, form="session", field_identifier="title").is_required
    body = default_form(event.pk, "session", "title", "Title", **{"is-required": not before})
    assert as_role("user").post("/v1/custom-forms", body).status_code == 403
    assert as_role("anonymous").post("/v1/custom-forms", body).status_code == 401
    assert CustomForm.objects.get(event=event, form="session", field_identifier="title").is_required == before


def test_edit_event_and_its_tickets_as_the_client_saves_them(as_role, event):
    from tests.factories import TicketFactory

    ticket = TicketFactory(event=event)
    api = as_role("organizer")
    response = api.patch(f"/v1/events/{event.identifier}", resource("event", {"name": "Renamed"}, id=event.pk))
    assert response.status_code == 200, response.content
    response = api.patch(f"/v1/tickets/{ticket.pk}", resource("ticket", {"quantity": 99}, id=ticket.pk))
    assert response.status_code == 200, response.content
    assert api.get(f"/v1/events/{event.pk}/stripe-authorization").json()["data"] is None
