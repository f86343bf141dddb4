"""Editing an event through the client's wizard steps: each step saves the whole event as the edit page loaded
it (`include` of the event's page, every to-one linkage echoed back), then its tickets, social links, copyright,
tax, and on the sessions step its call for speakers, tracks, session types, rooms and custom forms."""

import pytest

from content.models import EventCopyright
from events.models import Event, SpeakersCall
from forms.domain import create_default_forms
from forms.models import CustomForm
from payments.models import Tax
from tests.client import ember
from tests.client.test_relationships import ORGANIZER_INCLUDE
from tests.client.test_write_flows_sessions import now_iso
from tests.factories import MicrolocationFactory, SessionTypeFactory, TicketFactory, TrackFactory
from tests.factories.events import SocialLinkFactory

pytestmark = pytest.mark.django_db
ROLE_LISTS = ("organizers", "coorganizers", "track-organizers", "registrars", "moderators")


def save_event(api, event, **values):
    document = ember.echoed(
        api,
        f"/v1/events/{event.identifier}",
        "event",
        ember.EVENT,
        values,
        include=ORGANIZER_INCLUDE,
        to_many=ROLE_LISTS,
        drop=("general-statistics", "order-statistics"),
    )
    response = api.patch(f"/v1/events/{event.identifier}", document)
    assert response.status_code == 200, response.content
    return response


def save_child(api, url, type_, names, values=None, drop=()):
    document = ember.echoed(api, url, type_, names, values, drop=drop)
    response = api.patch(url, document)
    assert response.status_code == 200, (url, response.content)
    return response


def test_basic_and_other_details(as_role, event):
    organizer = as_role("organizer")
    ticket = TicketFactory(event=event, quantity=5, type="free", price=0)
    link = SocialLinkFactory(event=event)
    save_event(organizer, event, name="Edited", description="<p>About</p>", **{"location-name": "Hall A"})
    ticket_values = {"max-order": min(ticket.max_order or 10, ticket.quantity)}
    save_child(organizer, f"/v1/tickets/{ticket.pk}", "ticket", ember.TICKET, ticket_values, drop=("order-statistics",))
    save_child(organizer, f"/v1/social-links/{link.pk}", "social-link", ember.SOCIAL_LINK)
    copyright_ = ember.body(
        "event-copyright",
        ember.EVENT_COPYRIGHT,
        {"holder": "FOSSASIA", "licence": "CC BY 4.0", "licence-url": "https://creativecommons.org/licenses/by/4.0"},
        {"event": ("event", event.pk)},
    )
    response = organizer.post("/v1/event-copyrights", copyright_)
    assert response.status_code == 201, response.content
    copyright_id = response.json()["data"]["id"]
    tax = ember.body(
        "tax",
        ember.TAX,
        {"name": "VAT", "rate": 7, "country": "SG", "is-tax-included-in-price": True},
        {"event": ("event", event.pk)},
    )
    response = organizer.post("/v1/taxes", tax)
    assert response.status_code == 201, response.content

    # Additional info: the event again (tax on, code of conduct), the copyright now edited.
    save_event(organizer, event, **{"is-tax-enabled": True, "code-of-conduct": "Be kind"})
    save_child(
        organizer, f"/v1/event-copyrights/{copyright_id}", "event-copyright", ember.EVENT_COPYRIGHT, {"year": 2026}
    )
    event.refresh_from_db()
    ticket.refresh_from_db()
    assert (event.name, event.location_name, event.code_of_conduct) == ("Edited", "Hall A", "Be kind")
    assert event.is_tax_enabled is True
    assert EventCopyright.objects.get(pk=copyright_id).year == 2026
    assert Tax.objects.get(event=event).name == "VAT"
    assert ticket.max_order == min(ticket.max_order, ticket.quantity)


def test_saving_the_stored_event_back_changes_nothing(as_role, event):
    """The whole record, staff-only flags included, sent back unchanged by an organizer is a 200 no-op."""
    before = Event.objects.filter(pk=event.pk).values().get()
    save_event(as_role("organizer"), event)
    after = Event.objects.filter(pk=event.pk).values().get()
    changed = {name for name in before if before[name] != after[name]} - {"modified_at", "updated_at"}
    assert not changed


def test_sessions_and_speakers_step(as_role, event):
    organizer = as_role("organizer")
    create_default_forms(event)
    track, kind, room = TrackFactory(event=event), SessionTypeFactory(event=event), MicrolocationFactory(event=event)
    save_event(organizer, event, **{"is-sessions-speakers-enabled": True})
    call = ember.body(
        "speakers-call",
        ember.SPEAKERS_CALL,
        {"announcement": "Talks wanted", "starts-at": now_iso(-3), "ends-at": now_iso(20), "privacy": "public"},
        {"event": ("event", event.pk)},
    )
    call["data"]["attributes"]["hash"] = "4b1a7c1e-8f7d-4d39-a1c6-000000000000"
    response = organizer.post("/v1/speakers-calls", call)
    assert response.status_code == 201, response.content
    call_id = response.json()["data"]["id"]
    save_child(organizer, f"/v1/events/{event.identifier}/speakers-call", "speakers-call", ember.SPEAKERS_CALL)
    for url, type_, names in (
        (f"/v1/tracks/{track.pk}", "track", ["name", "description", "color", "position"]),
        (f"/v1/session-types/{kind.pk}", "session-type", ["name", "length", "position"]),
        (f"/v1/microlocations/{room.pk}", "microlocation", ["name", "floor", "latitude", "longitude", "room"]),
    ):
        save_child(organizer, url, type_, names)
    field = CustomForm.objects.get(event=event, form="speaker", field_identifier="mobile")
    save_child(organizer, f"/v1/custom-forms/{field.pk}", "custom-form", ember.CUSTOM_FORM, {"is-included": True})
    field.refresh_from_db()
    assert field.is_included is True
    assert SpeakersCall.objects.get(pk=call_id).announcement == "Talks wanted"


def test_attendee_form_step(as_role, event):
    organizer = as_role("organizer")
    create_default_forms(event)
    ticket = TicketFactory(event=event, type="free", price=0)
    attributes = {"field-identifier": "company", "form": "attendee", "type": "text", "name": "Organisation"}
    attributes.update({"is-included": True, "description": "text", "min": 0, "max": 10, "main-language": "en"})
    new = ember.body("custom-form", ember.CUSTOM_FORM, attributes, {"event": ("event", event.pk)})
    response = organizer.post("/v1/custom-forms", new)
    assert response.status_code == 201, response.content
    field = CustomForm.objects.get(pk=response.json()["data"]["id"])
    values = {"is-required": True}
    save_child(organizer, f"/v1/custom-forms/{field.pk}", "custom-form", ember.CUSTOM_FORM, values)
    save_child(organizer, f"/v1/tickets/{ticket.pk}", "ticket", ember.TICKET, drop=("order-statistics",))
    save_event(organizer, event, **{"is-ticket-form-enabled": True})
    field.refresh_from_db()
    assert (field.is_included, field.is_required) == (True, True)


def test_sessions_step_edits_the_call_a_new_event_starts_with(as_role, event):
    """The client's getOrCreateCFS reads the event's call and edits it: every event has one from creation."""
    from events.domain.programme import give_default_speakers_call

    organizer = as_role("organizer")
    give_default_speakers_call(event)
    read = organizer.get(f"/v1/events/{event.identifier}/speakers-call")
    assert read.status_code == 200
    stored = read.json()["data"]
    assert stored["attributes"]["starts-at"] is None
    values = {"announcement": "Talks wanted", "starts-at": now_iso(-3), "ends-at": now_iso(20), "privacy": "public"}
    call = ember.body(
        "speakers-call",
        ember.SPEAKERS_CALL,
        values,
        {"event": ("event", event.pk)},
        id=stored["id"],
        stored=stored["attributes"],
    )
    response = organizer.patch(f"/v1/speakers-calls/{stored['id']}", call)
    assert response.status_code == 200, response.content
    event.__class__.objects.filter(pk=event.pk).update(is_sessions_speakers_enabled=True)
    open_calls = as_role("anonymous").get(
        "/v1/events",
        filter=f'[{{"name":"speakers-call","op":"has","val":{{"name":"starts-at","op":"le","val":"{now_iso(0)}"}}}}]',
    )
    assert str(event.pk) in [row["id"] for row in open_calls.json()["data"]]
    assert SpeakersCall.objects.filter(event=event).count() == 1
