"""The submission validator: what a session or speaker write must satisfy on the event's forms (reference §3.8)."""

import pytest

from events.signals import submission_validators, validate_submission
from forms import domain as services
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, TrackFactory, UserFactory, grant
from tests.factories.forms import CustomFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_form(event):
    """The default session form plus two custom fields: a required T-shirt size and an optional age."""
    services.create_default_forms(event)
    CustomFormFactory(event=event, form="session", field_identifier="tshirtSize", is_required=True, type="select")
    CustomFormFactory(event=event, form="session", field_identifier="age", type="number")
    CustomFormFactory(event=event, form="session", field_identifier="contact", type="email")
    CustomFormFactory(event=event, form="session", field_identifier="remote", type="boolean")
    return event


def test_validator_is_registered_once():
    assert submission_validators.count(services.submission_errors) == 1


def test_complete_session_passes(session_form):
    data = {
        "title": "Talk",
        "complex_field_values": {"tshirt_size": "L", "age": 42, "contact": "a@b.org", "remote": True},
    }

    assert validate_submission("session", session_form, data) == {}


def test_missing_required_built_in_field_is_named(session_form):
    errors = validate_submission("session", session_form, {"title": "  ", "complex_field_values": {"tshirtSize": "L"}})

    assert list(errors) == ["title"]
    assert "title" in errors["title"][0]


def test_required_built_in_relation_is_checked(event):
    services.create_default_forms(event)
    event.custom_forms.filter(form="session", field_identifier="track").update(is_included=True, is_required=True)

    missing = validate_submission("session", event, {"title": "Talk"})
    given = validate_submission("session", event, {"title": "Talk", "track": TrackFactory(event=event)})

    assert "track" in missing and "track" in missing["track"][0]
    assert given == {}


def test_missing_required_complex_field_is_named(session_form):
    errors = validate_submission("session", session_form, {"title": "Talk", "complex_field_values": {"age": 3}})

    assert list(errors) == ["complex_field_values"]
    assert "tshirtSize" in errors["complex_field_values"][0]


def test_required_but_not_included_field_is_not_enforced(event):
    CustomFormFactory(event=event, field_identifier="tshirtSize", is_required=True, is_included=False)

    assert validate_submission("session", event, {"title": "Talk"}) == {}


def test_event_without_forms_accepts_anything_flat(event):
    assert validate_submission("session", event, {"title": "", "complex_field_values": {"x": 1}}) == {}


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"tshirt_size": "L", "age": "old"}, "age"),
        ({"tshirt_size": "L", "age": True}, "age"),
        ({"tshirt_size": "L", "contact": "not-an-email"}, "contact"),
        ({"tshirt_size": "L", "contact": 5}, "contact"),
        ({"tshirt_size": 3}, "tshirtSize"),
        ({"tshirt_size": "L", "remote": "yes"}, "remote"),
    ],
)
def test_wrong_type_is_named(session_form, values, named):
    errors = validate_submission("session", session_form, {"title": "Talk", "complex_field_values": values})

    assert list(errors) == ["complex_field_values"]
    assert named in " ".join(errors["complex_field_values"])


def test_numbers_may_come_as_numeric_strings(session_form):
    data = {"title": "Talk", "complex_field_values": {"tshirt_size": "L", "age": "41.5"}}

    assert validate_submission("session", session_form, data) == {}


def test_answers_must_be_flat(session_form):
    data = {"title": "Talk", "complex_field_values": {"tshirt_size": "L", "extra": {"nested": 1}, "more": [1]}}

    errors = validate_submission("session", session_form, data)

    assert "extra" in errors["complex_field_values"][0] and "more" in errors["complex_field_values"][0]


def test_answers_must_be_an_object(session_form):
    errors = validate_submission("session", session_form, {"title": "Talk", "complex_field_values": ["L"]})

    assert "complex_field_values" in errors


def test_too_many_answers(event, settings):
    settings.FORMS_MAX_COMPLEX_FIELDS = 3

    errors = validate_submission(
        "session", event, {"title": "T", "complex_field_values": {f"k{i}": i for i in range(4)}}
    )

    assert "at most 3" in errors["complex_field_values"][0]


def test_default_limit_is_thirty(event):
    ok = validate_submission("session", event, {"complex_field_values": {f"k{i}": i for i in range(30)}})
    too_many = validate_submission("session", event, {"complex_field_values": {f"k{i}": i for i in range(31)}})

    assert ok == {} and "complex_field_values" in too_many


def test_answer_keys_are_snake_cased_in_place(session_form):
    data = {"title": "Talk", "complex_field_values": {"tshirtSize": "L", "age": 3}}

    assert validate_submission("session", session_form, data) == {}
    assert data["complex_field_values"] == {"tshirt_size": "L", "age": 3}


def test_patch_reads_stored_values_for_omitted_fields(session_form):
    session = SessionFactory(event=session_form, title="Stored", complex_field_values={"tshirt_size": "M"})

    assert validate_submission("session", session_form, {"subtitle": "new"}, session, UserFactory()) == {}
    errors = validate_submission("session", session_form, {"title": ""}, session, UserFactory())
    assert list(errors) == ["title"]


def test_organizer_skips_rules_when_answers_unchanged(session_form):
    organizer = UserFactory()
    grant(organizer, session_form, "organizer")
    session = SessionFactory(event=session_form, complex_field_values=None)

    assert validate_submission("session", session_form, {"state": "accepted"}, session, organizer) == {}
    same = {"complex_field_values": None}
    assert validate_submission("session", session_form, same, session, organizer) == {}


def test_organizer_changing_answers_is_checked(session_form):
    organizer = UserFactory()
    grant(organizer, session_form, "organizer")
    session = SessionFactory(event=session_form, complex_field_values=None)

    errors = validate_submission("session", session_form, {"complex_field_values": {"age": "x"}}, session, organizer)

    assert "complex_field_values" in errors


def test_speaker_of_session_is_checked_even_when_unchanged(session_form):
    session = SessionFactory(event=session_form, complex_field_values=None)

    errors = validate_submission("session", session_form, {"state": "pending"}, session, UserFactory())

    assert "tshirtSize" in errors["complex_field_values"][0]


def test_organizer_creating_is_checked(session_form):
    organizer = UserFactory()
    grant(organizer, session_form, "owner")

    errors = validate_submission("session", session_form, {"title": "Talk"}, None, organizer)

    assert "complex_field_values" in errors


def test_speaker_form_requires_name_and_email(event):
    services.create_default_forms(event)

    errors = validate_submission("speaker", event, {"name": "", "email": None})

    assert set(errors) == {"name", "email"}


def test_speaker_email_requirement_skipped_when_overridden(event):
    services.create_default_forms(event)

    assert validate_submission("speaker", event, {"name": "Ada", "is_email_overridden": True, "email": None}) == {}
    speaker = SpeakerFactory(event=event, is_email_overridden=True, email=None)
    assert validate_submission("speaker", event, {"name": "Ada"}, speaker, UserFactory()) == {}


def test_speaker_complex_fields(event):
    CustomFormFactory(event=event, form="speaker", field_identifier="pronouns", is_required=True)

    errors = validate_submission("speaker", event, {"name": "Ada", "complex_field_values": {}})

    assert "pronouns" in errors["complex_field_values"][0]


def test_other_events_forms_do_not_apply(session_form):
    other = EventFactory()

    assert validate_submission("session", other, {"title": ""}) == {}


def test_other_kinds_are_ignored(session_form):
    assert services.submission_errors("attendee", session_form, {}) == {}
