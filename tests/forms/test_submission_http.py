"""Form rules on `POST/PATCH /v1/sessions` and `/v1/speakers`: 422 naming the missing or wrong fields."""

import pytest

from events.models import Session, Speaker
from forms import domain as services
from tests.conftest import resource
from tests.factories import SessionFactory, SpeakerFactory, UserFactory
from tests.factories.forms import CustomFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(event):
    """Default forms, a required T-shirt size and an optional numeric age on both forms."""
    services.create_default_forms(event)
    for form in ("session", "speaker"):
        CustomFormFactory(event=event, form=form, field_identifier="tshirtSize", is_required=True, type="select")
        CustomFormFactory(event=event, form=form, field_identifier="age", type="number")
    return event


def session_body(event, attributes=None, id=None):
    rels = {"event": ("event", event.pk)} if id is None else None
    return resource("session", {"title": "Forms in practice", **(attributes or {})}, rels, id=id)


def speaker_body(event, attributes=None, id=None):
    rels = {"event": ("event", event.pk)} if id is None else None
    return resource("speaker", {"name": "Ada", **(attributes or {})}, rels, id=id)


def details(response):
    return {(e.get("source") or {}).get("pointer"): e["detail"] for e in response.json()["errors"]}


# --------------------------------------------------------------------------- sessions
def test_session_with_required_answers_is_created(as_role, forms):
    body = session_body(forms, {"complex-field-values": {"tshirtSize": "L", "age": 30}})

    response = as_role("user").post("/v1/sessions", body)

    assert response.status_code == 201, response.json()
    session = Session.objects.get()
    assert session.complex_field_values == {"tshirt_size": "L", "age": 30}


def test_session_missing_required_custom_field_is_422(as_role, forms):
    response = as_role("user").post("/v1/sessions", session_body(forms, {"complex-field-values": {"age": 30}}))

    assert response.status_code == 422
    assert "tshirtSize" in details(response)["/data/attributes/complex-field-values"]
    assert not Session.objects.exists()


def test_session_missing_required_built_in_field_is_422(as_role, forms):
    forms.custom_forms.filter(form="session", field_identifier="shortAbstract").update(is_required=True)

    response = as_role("user").post("/v1/sessions", session_body(forms, {"complex-field-values": {"tshirtSize": "L"}}))

    assert response.status_code == 422
    assert "shortAbstract" in details(response)["/data/attributes/short-abstract"]
    assert not Session.objects.exists()


def test_session_wrong_type_is_422(as_role, forms):
    body = session_body(forms, {"complex-field-values": {"tshirtSize": "L", "age": "thirty"}})

    response = as_role("user").post("/v1/sessions", body)

    assert response.status_code == 422
    assert "age" in details(response)["/data/attributes/complex-field-values"]
    assert not Session.objects.exists()


def test_session_nested_answers_are_422(as_role, forms):
    body = session_body(forms, {"complex-field-values": {"tshirtSize": "L", "sizes": {"a": 1}}})

    response = as_role("user").post("/v1/sessions", body)

    assert response.status_code == 422
    assert not Session.objects.exists()


def test_session_patch_by_its_creator_is_checked(api, forms):
    creator = UserFactory()
    session = SessionFactory(event=forms, creator=creator, state="draft", complex_field_values={"tshirt_size": "L"})

    response = api(creator).patch(
        f"/v1/sessions/{session.pk}", session_body(forms, {"complex-field-values": {"age": 3}}, id=session.pk)
    )

    assert response.status_code == 422
    session.refresh_from_db()
    assert session.complex_field_values == {"tshirt_size": "L"}


def test_session_patch_by_organizer_without_answers_skips_form_rules(as_role, forms):
    session = SessionFactory(event=forms, complex_field_values=None)

    response = as_role("organizer").patch(
        f"/v1/sessions/{session.pk}", session_body(forms, {"subtitle": "x"}, id=session.pk)
    )

    assert response.status_code == 200, response.json()


def test_session_patch_by_organizer_changing_answers_is_checked(as_role, forms):
    session = SessionFactory(event=forms, complex_field_values=None)

    response = as_role("organizer").patch(
        f"/v1/sessions/{session.pk}", session_body(forms, {"complex-field-values": {"age": "x"}}, id=session.pk)
    )

    assert response.status_code == 422
    session.refresh_from_db()
    assert session.complex_field_values is None


# --------------------------------------------------------------------------- speakers
def test_speaker_with_required_answers_is_created(as_role, forms):
    response = as_role("user").post("/v1/speakers", speaker_body(forms, {"complex-field-values": {"tshirt_size": "M"}}))

    assert response.status_code == 201, response.json()
    assert Speaker.objects.get().complex_field_values == {"tshirt_size": "M"}


def test_speaker_missing_required_custom_field_is_422(as_role, forms):
    response = as_role("user").post("/v1/speakers", speaker_body(forms))

    assert response.status_code == 422
    assert "tshirtSize" in details(response)["/data/attributes/complex-field-values"]
    assert not Speaker.objects.exists()


def test_speaker_missing_required_built_in_field_is_422(as_role, forms):
    forms.custom_forms.filter(form="speaker", field_identifier="organisation").update(is_required=True)

    response = as_role("user").post("/v1/speakers", speaker_body(forms, {"complex-field-values": {"tshirtSize": "M"}}))

    assert response.status_code == 422
    assert "organisation" in details(response)["/data/attributes/organisation"]
    assert not Speaker.objects.exists()


def test_speaker_wrong_type_is_422(as_role, forms):
    body = speaker_body(forms, {"complex-field-values": {"tshirtSize": "M", "age": [1]}})

    response = as_role("user").post("/v1/speakers", body)

    assert response.status_code == 422
    assert not Speaker.objects.exists()


def test_speaker_overridden_email_skips_email_requirement(as_role, forms):
    body = speaker_body(forms, {"is-email-overridden": True, "complex-field-values": {"tshirtSize": "M"}})

    response = as_role("organizer").post("/v1/speakers", body)

    assert response.status_code == 201, response.json()
    assert Speaker.objects.get().email is None


def test_speaker_patch_by_own_user_is_checked(api, forms):
    owner = UserFactory()
    speaker = SpeakerFactory(event=forms, user=owner, email=owner.email, complex_field_values={"tshirt_size": "M"})

    response = api(owner).patch(
        f"/v1/speakers/{speaker.pk}", speaker_body(forms, {"complex-field-values": {"age": 2}}, id=speaker.pk)
    )

    assert response.status_code == 422
    speaker.refresh_from_db()
    assert speaker.complex_field_values == {"tshirt_size": "M"}
