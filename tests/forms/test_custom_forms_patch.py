"""Custom forms: PATCH per role, omitted fields, translations, DELETE."""

import pytest

from forms.models import CustomForm, CustomFormTranslation
from tests.conftest import resource
from tests.factories import EventFactory, UserFactory, grant
from tests.factories.forms import CustomFormFactory, CustomFormTranslationFactory
from tests.forms.forms_support import REFUSED, WRITERS, errors_of

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------ patch
def patch_body(custom_form, **attributes):
    return resource("custom-form", attributes, id=custom_form.pk)


@pytest.mark.parametrize("role", WRITERS)
def test_patch_by_writer(as_role, event, role):
    custom_form = CustomFormFactory(event=event, is_required=False)

    response = as_role(role).patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, **{"is-required": True, "type": "number"})
    )

    assert response.status_code == 200, response.json()
    custom_form.refresh_from_db()
    assert custom_form.is_required is True and custom_form.type == "number"


@pytest.mark.parametrize(("role", "status"), REFUSED)
def test_patch_refused(as_role, event, role, status):
    custom_form = CustomFormFactory(event=event, is_required=False)

    response = as_role(role).patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, **{"is-required": True})
    )

    assert response.status_code == status
    custom_form.refresh_from_db()
    assert custom_form.is_required is False


def test_patch_by_organizer_of_another_event_is_403(api, event):
    custom_form = CustomFormFactory(event=event)
    stranger = UserFactory()
    grant(stranger, EventFactory(), "owner")

    response = api(stranger).patch(f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, name="Hijacked"))

    assert response.status_code == 403
    custom_form.refresh_from_db()
    assert custom_form.name != "Hijacked"


def test_patch_leaves_omitted_fields_as_they_were(as_role, event):
    custom_form = CustomFormFactory(
        event=event, type="number", is_required=True, is_public=True, is_fixed=True, position=7, min=2, max=50
    )

    response = as_role("coorganizer").patch(f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, name="Age"))

    assert response.status_code == 200
    custom_form.refresh_from_db()
    assert custom_form.name == "Age"
    assert (custom_form.type, custom_form.is_required, custom_form.is_public, custom_form.is_fixed) == (
        "number",
        True,
        True,
        True,
    )
    assert (custom_form.position, custom_form.min, custom_form.max) == (7, 2, 50)


def test_patch_needs_matching_id(as_role, event):
    custom_form = CustomFormFactory(event=event)
    client = as_role("coorganizer")

    mismatch = client.patch(f"/v1/custom-forms/{custom_form.pk}", resource("custom-form", {"name": "X"}, id=999))
    missing = client.patch(f"/v1/custom-forms/{custom_form.pk}", resource("custom-form", {"name": "X"}))

    assert mismatch.status_code == 400
    assert missing.status_code == 400
    custom_form.refresh_from_db()
    assert custom_form.name != "X"


def test_patch_cannot_move_to_another_event(as_role, event):
    custom_form = CustomFormFactory(event=event)
    other = EventFactory()

    response = as_role("admin").patch(
        f"/v1/custom-forms/{custom_form.pk}",
        resource("custom-form", {}, {"event": ("event", other.pk)}, id=custom_form.pk),
    )

    assert response.status_code == 422
    custom_form.refresh_from_db()
    assert custom_form.event == event


@pytest.mark.parametrize(
    "attributes",
    [{"type": "colour"}, {"form": "order"}, {"min": 20}, {"field-identifier": "a b"}, {"is-required": "maybe"}],
)
def test_patch_bad_input_is_422(as_role, event, attributes):
    custom_form = CustomFormFactory(event=event, type="text", min=0, max=10, field_identifier="diet", is_required=False)

    response = as_role("coorganizer").patch(f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, **attributes))

    assert response.status_code == 422, response.json()
    custom_form.refresh_from_db()
    assert (custom_form.type, custom_form.form, custom_form.min, custom_form.field_identifier) == (
        "text",
        "session",
        0,
        "diet",
    )
    assert custom_form.is_required is False


def test_patch_to_built_in_identifier_takes_canonical_name(as_role, event):
    custom_form = CustomFormFactory(event=event, form="speaker", field_identifier="bio")

    response = as_role("coorganizer").patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, **{"field-identifier": "shortBiography"})
    )

    assert response.json()["data"]["attributes"]["name"] == "Short Biography"
    assert response.json()["data"]["attributes"]["is-complex"] is False


# ----------------------------------------------------------------------- translations
def test_patch_translations_update_delete_and_add(as_role, event):
    custom_form = CustomFormFactory(event=event, form_id="f1")
    keep = CustomFormTranslationFactory(custom_form=custom_form, name="Frage", language_code="de")
    drop = CustomFormTranslationFactory(custom_form=custom_form, name="Question", language_code="fr")
    items = [
        {"id": keep.pk, "name": "Groesse", "language_code": "de"},
        {"id": drop.pk, "name": "Question", "language_code": "fr", "isDeleted": True},
        {"name": "Talla", "language_code": "es"},
    ]

    response = as_role("coorganizer").patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, translations=items)
    )

    assert response.status_code == 200, response.json()
    shown = response.json()["data"]["attributes"]["translations"]
    assert sorted((t["name"], t["language_code"], t["form_id"]) for t in shown) == [
        ("Groesse", "de", "f1"),
        ("Talla", "es", "f1"),
    ]
    assert not CustomFormTranslation.objects.filter(pk=drop.pk).exists()
    keep.refresh_from_db()
    assert keep.name == "Groesse"


def test_patch_translations_can_swap_languages(as_role, event):
    custom_form = CustomFormFactory(event=event)
    first = CustomFormTranslationFactory(custom_form=custom_form, name="Frage", language_code="de")
    second = CustomFormTranslationFactory(custom_form=custom_form, name="Question", language_code="fr")
    items = [
        {"id": first.pk, "name": "Question", "language_code": "fr"},
        {"id": second.pk, "name": "Frage", "language_code": "de"},
    ]

    response = as_role("coorganizer").patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, translations=items)
    )

    assert response.status_code == 200
    first.refresh_from_db()
    assert first.language_code == "fr"


def test_patch_without_translations_keeps_them(as_role, event):
    custom_form = CustomFormFactory(event=event)
    CustomFormTranslationFactory(custom_form=custom_form)

    response = as_role("coorganizer").patch(f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, name="X"))

    assert len(response.json()["data"]["attributes"]["translations"]) == 1
    assert CustomFormTranslation.objects.count() == 1


@pytest.mark.parametrize("bad", ["foreign", "duplicate", "not-a-number"])
def test_patch_bad_translations_write_nothing(as_role, event, bad):
    custom_form = CustomFormFactory(event=event)
    mine = CustomFormTranslationFactory(custom_form=custom_form, name="Frage", language_code="de")
    foreign = CustomFormTranslationFactory(language_code="it")
    items = {
        "foreign": [{"id": foreign.pk, "name": "Mine now", "language_code": "it"}],
        "duplicate": [{"id": mine.pk, "name": "Neu", "language_code": "de"}, {"name": "Auch", "language_code": "de"}],
        "not-a-number": [{"id": "abc", "name": "X", "language_code": "nl"}],
    }[bad]

    response = as_role("coorganizer").patch(
        f"/v1/custom-forms/{custom_form.pk}", patch_body(custom_form, name="Changed", translations=items)
    )

    assert response.status_code == 422, response.json()
    assert "/data/attributes/translations" in errors_of(response)
    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert (mine.name, foreign.name, foreign.custom_form_id) == ("Frage", "Frage", foreign.custom_form_id)
    custom_form.refresh_from_db()
    assert custom_form.name != "Changed"
    assert CustomFormTranslation.objects.count() == 2


# ----------------------------------------------------------------------------- delete
@pytest.mark.parametrize("role", WRITERS)
def test_delete_by_writer(as_role, event, role):
    custom_form = CustomFormFactory(event=event)
    CustomFormTranslationFactory(custom_form=custom_form)

    response = as_role(role).delete(f"/v1/custom-forms/{custom_form.pk}")

    assert response.status_code == 200
    assert response.json()["meta"]["message"] == "Object successfully deleted"
    assert not CustomForm.objects.exists()
    assert not CustomFormTranslation.objects.exists()


@pytest.mark.parametrize(("role", "status"), REFUSED)
def test_delete_refused(as_role, event, role, status):
    custom_form = CustomFormFactory(event=event)

    response = as_role(role).delete(f"/v1/custom-forms/{custom_form.pk}")

    assert response.status_code == status
    assert CustomForm.objects.filter(pk=custom_form.pk).exists()


def test_delete_on_draft_event_by_stranger_is_404(api, draft_event):
    custom_form = CustomFormFactory(event=draft_event)

    assert api(UserFactory()).delete(f"/v1/custom-forms/{custom_form.pk}").status_code == 404
    assert CustomForm.objects.filter(pk=custom_form.pk).exists()
