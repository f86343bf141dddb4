"""Forms in event import/export: `export_forms` / `import_forms` on both shapes of the `forms` file."""

import json
import zipfile

import pytest

from forms import domain as services
from forms.models import CustomForm, CustomFormTranslation
from tests.factories import EventFactory
from tests.factories.forms import CustomFormFactory, CustomFormTranslationFactory

pytestmark = pytest.mark.django_db

LEGACY_ZIPS = ("FOSSASIASummit2014.zip", "FOSSASIASummit2016.zip", "EhealthAfrica.zip", "Droidcon17.zip")


def test_export_rows_hold_every_column_with_snake_case_keys(event):
    custom_form = CustomFormFactory(event=event, field_identifier="tshirtSize", form_id="f1", position=3)
    CustomFormTranslationFactory(custom_form=custom_form, name="Groesse", language_code="de")

    (row,) = services.export_forms(event)

    assert list(row) == sorted(row)
    assert row["id"] == custom_form.pk and row["event_id"] == event.pk
    assert (row["field_identifier"], row["form_id"], row["position"], row["is_complex"]) == (
        "tshirtSize",
        "f1",
        3,
        True,
    )
    assert row["translations"] == [{"name": "Groesse", "language_code": "de"}]
    json.dumps(row)  # plain JSON values only


def test_round_trip_into_another_event(event):
    services.create_default_forms(event)
    custom_form = CustomFormFactory(event=event, field_identifier="tshirtSize", type="select", is_required=True)
    CustomFormTranslationFactory(custom_form=custom_form)
    rows = json.loads(json.dumps(services.export_forms(event)))
    target = EventFactory()

    written = services.import_forms(target, rows)

    assert len(written) == len(rows)
    strip = {"id", "event_id"}
    exported_again = [{k: v for k, v in r.items() if k not in strip} for r in services.export_forms(target)]
    assert exported_again == [{k: v for k, v in r.items() if k not in strip} for r in rows]
    assert CustomFormTranslation.objects.filter(custom_form__event=target).count() == 1


def test_import_over_defaults_updates_them(event):
    services.create_default_forms(event)
    before = CustomForm.objects.filter(event=event).count()
    rows = [{"form": "session", "field_identifier": "longAbstract", "is_included": True, "is_required": True}]

    services.import_forms(event, rows)

    assert CustomForm.objects.filter(event=event).count() == before
    long_abstract = CustomForm.objects.get(event=event, form="session", field_identifier="longAbstract")
    assert long_abstract.is_required and long_abstract.is_included


def test_import_accepts_dasherized_keys(event):
    services.import_forms(event, [{"form": "speaker", "field-identifier": "pronouns", "is-required": True}])

    pronouns = CustomForm.objects.get(event=event)
    assert pronouns.is_required and pronouns.is_complex


def test_import_legacy_shape(event):
    rows = [
        {
            "id": 1,
            "session_form": json.dumps(
                {"title": {"require": 1, "include": 1}, "short_abstract": {"require": 0, "include": 1}, "video": {}}
            ),
            "speaker_form": {"photo": {"require": 1, "include": 1}, "email": {"require": 1, "include": 1}},
        }
    ]

    services.import_forms(event, rows)

    fields = {(f.form, f.field_identifier): f for f in CustomForm.objects.filter(event=event)}
    assert set(fields) == {
        ("session", "title"),
        ("session", "shortAbstract"),
        ("session", "videoUrl"),
        ("speaker", "photoUrl"),
        ("speaker", "email"),
    }
    assert fields[("session", "title")].is_required and fields[("session", "title")].name == "Title"
    assert fields[("session", "shortAbstract")].is_included and not fields[("session", "shortAbstract")].is_required
    assert fields[("speaker", "photoUrl")].type == "image" and fields[("speaker", "email")].type == "email"
    assert not any(f.is_complex for f in fields.values())


@pytest.mark.parametrize("name", LEGACY_ZIPS)
def test_import_forms_file_of_sample_zips(shared_data, event, name):
    path = shared_data / "open-event-samples" / name
    if not path.exists():
        pytest.skip(f"{name} not in the shared samples")
    with zipfile.ZipFile(path) as archive:
        rows = json.loads(archive.read("forms"))

    services.import_forms(event, rows)

    speaker = {f.field_identifier: f for f in CustomForm.objects.filter(event=event, form="speaker")}
    session = {f.field_identifier: f for f in CustomForm.objects.filter(event=event, form="session")}
    assert speaker["name"].is_required and speaker["email"].is_required
    assert session["title"].is_required and session["shortAbstract"].is_included
    assert "photoUrl" in speaker and "longBiography" in speaker and "sessionType" in session
    assert not any(f.is_complex for f in [*speaker.values(), *session.values()])


@pytest.mark.parametrize(
    "rows",
    [
        {"form": "session"},
        ["not an object"],
        [{"form": "order", "field_identifier": "x"}],
        [{"form": "session"}],
        [{"form": "session", "field_identifier": "x", "colour": "red"}],
        [{"form": "session", "field_identifier": "x", "type": "colour"}],
        [{"form": "session", "field_identifier": "x", "translations": [{"name": "no language"}]}],
        [{"session_form": "{not json"}],
        [{"session_form": {"title": 1}}],
        [{"form": "session", "field_identifier": "x" * 200}],
        [{"form": "session", "field_identifier": "ok"}, {"form": "session", "field_identifier": "x", "min": "a"}],
    ],
)
def test_bad_forms_file_raises_and_writes_nothing(event, rows):
    with pytest.raises(services.FormImportError):
        services.import_forms(event, rows)

    assert not CustomForm.objects.filter(event=event).exists()
