"""A new event gets default session and speaker forms and the attendee email field."""

import pytest

from events import services as event_services
from forms import domain as services
from forms.models import CustomForm
from tests.conftest import resource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fields_of(event, form):
    return {f.field_identifier: f for f in CustomForm.objects.filter(event=event, form=form)}


def test_event_created_over_the_api_gets_default_forms(api):
    user = UserFactory()
    body = resource(
        "event",
        {
            "name": "PyCon",
            "starts-at": "2099-01-01T10:00:00+00:00",
            "ends-at": "2099-01-02T10:00:00+00:00",
            "timezone": "UTC",
        },
    )

    response = api(user).post("/v1/events", body)

    assert response.status_code == 201, response.json()
    event_id = response.json()["data"]["id"]
    listed = api(user).get(f"/v1/events/{event_id}/custom-forms", **{"page[size]": 0})
    assert listed.status_code == 200
    assert listed.json()["meta"]["count"] == len(services.BUILT_IN["session"]) + len(services.BUILT_IN["speaker"]) + 1


def test_defaults_ask_title_name_and_email():
    event = event_services.create_event(UserFactory(), name="FOSSASIA", timezone="UTC")

    session, speaker, attendee = (fields_of(event, form) for form in ("session", "speaker", "attendee"))

    assert set(session) == set(services.BUILT_IN["session"])
    assert set(speaker) == set(services.BUILT_IN["speaker"])
    assert {k for k, f in session.items() if f.is_required} == {"title"}
    assert {k for k, f in speaker.items() if f.is_required} == {"name", "email"}
    assert all(f.is_included for f in session.values() if f.is_required)
    assert session["shortAbstract"].is_included and not session["longAbstract"].is_included
    assert speaker["email"].type == "email" and speaker["email"].name == "Email"
    assert not any(f.is_complex for f in [*session.values(), *speaker.values()])
    assert list(attendee) == ["email"]
    email = attendee["email"]
    assert (email.is_required, email.is_included, email.is_fixed, email.type) == (True, True, True, "email")


def test_defaults_are_one_insert(event, django_assert_num_queries):
    with django_assert_num_queries(2):  # look up what exists, one bulk INSERT
        services.create_default_forms(event)

    assert CustomForm.objects.filter(event=event).count() == len(services.default_form_rows(event))


def test_defaults_do_not_duplicate(event):
    services.create_default_forms(event)
    services.create_default_forms(event)

    assert CustomForm.objects.filter(event=event).count() == len(services.default_form_rows(event))


def test_positions_follow_the_built_in_order(event):
    services.create_default_forms(event)

    ordered = list(CustomForm.objects.filter(event=event, form="speaker").order_by("position"))

    assert [f.field_identifier for f in ordered] == list(services.BUILT_IN["speaker"])
