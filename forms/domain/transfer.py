"""Custom forms in archives: the export rows and the import of both shapes Open Event wrote."""

import json
import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from eventyay.case import camel
from forms.builtins import BUILT_IN, canonical_name
from forms.domain.defaults import (
    BUILT_IN_TYPES,
    FIXED_FIELDS,
    LEGACY_KEYS,
    FormImportError,
    snake_case,
)
from forms.models import CustomForm, CustomFormTranslation

logger = logging.getLogger(__name__)

# ---------------------------------------------------------- import / export
EXPORT_COLUMNS = (
    "description",
    "event_id",
    "field_identifier",
    "form",
    "form_id",
    "id",
    "is_allow_edit",
    "is_complex",
    "is_fixed",
    "is_included",
    "is_public",
    "is_required",
    "main_language",
    "max",
    "min",
    "name",
    "position",
    "translations",
    "type",
)
#: What an import may set: every exported column but the ids, the derived `is_complex` and the translations
#: (imported from their own key).
IMPORT_COLUMNS = set(EXPORT_COLUMNS) - {"event_id", "id", "is_complex", "translations"}
IGNORED_COLUMNS = {"id", "event_id", "event", "is_complex", "deleted_at", "created_at"}


def export_forms(event):
    """Every form field of the event as a dict with snake_case keys, ordered by key (the `forms` zip file)."""
    rows = []
    for custom_form in CustomForm.objects.filter(event=event).prefetch_related("translations").order_by("id"):
        row = {column: getattr(custom_form, column, None) for column in EXPORT_COLUMNS if column != "translations"}
        row["translations"] = [
            {"name": t.name, "language_code": t.language_code} for t in custom_form.translations.all()
        ]
        rows.append(dict(sorted(row.items())))
    return rows


def _legacy_rows(row, index):
    """The older `{session_form: "<json>", speaker_form: "<json>"}` shape as current-shape rows."""
    result = []
    for key, value in row.items():
        form = snake_case(key).removesuffix("_form")
        if form not in ("session", "speaker", "attendee") or not snake_case(key).endswith("_form"):
            continue
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else {}
            except ValueError:
                raise FormImportError(f"forms row {index}: '{key}' is not valid JSON.") from None
        if not isinstance(value, dict):
            raise FormImportError(f"forms row {index}: '{key}' must be an object of fields.")
        order = list(BUILT_IN[form])
        for legacy_key, flags in value.items():
            identifier = LEGACY_KEYS.get(legacy_key, camel(legacy_key))
            if not isinstance(flags, dict):
                raise FormImportError(f"forms row {index}: '{key}.{legacy_key}' must be an object.")
            result.append(
                {
                    "form": form,
                    "field_identifier": identifier,
                    "type": BUILT_IN_TYPES.get(identifier, "text"),
                    "is_included": bool(flags.get("include")),
                    "is_required": bool(flags.get("require")),
                    "is_fixed": identifier in FIXED_FIELDS.get(form, ()),
                    "position": order.index(identifier) if identifier in order else len(order),
                }
            )
    return result


def _clean_row(raw, index):
    row = {snake_case(key) if "-" in key else key: value for key, value in raw.items()}
    translations = row.pop("translations", None) or []
    unknown = set(row) - IMPORT_COLUMNS - IGNORED_COLUMNS
    if unknown:
        raise FormImportError(f"forms row {index}: unknown keys {sorted(unknown)}.")
    fields = {key: value for key, value in row.items() if key in IMPORT_COLUMNS}
    if not fields.get("field_identifier") or fields.get("form") not in CustomForm.Form.values:
        raise FormImportError(f"forms row {index}: needs a field_identifier and a form (attendee, session, speaker).")
    if fields.get("type") is None:
        fields.pop("type", None)
    elif fields["type"] not in CustomForm.TYPES:
        raise FormImportError(f"forms row {index}: unknown type '{fields['type']}'.")
    for key in ("min", "max", "position"):
        if fields.get(key) is None:
            fields.pop(key, None)
    if not isinstance(translations, list) or not all(
        isinstance(t, dict) and t.get("name") and t.get("language_code") for t in translations
    ):
        raise FormImportError(f"forms row {index}: translations must be a list of {{name, language_code}}.")
    return fields, translations


def _old_id(row):
    value = row.get("id") if isinstance(row, dict) else None
    return value if isinstance(value, int) else 0


@transaction.atomic
def import_forms(event, rows):
    """Write a `forms` file into the event: current rows or the older session_form/speaker_form shape.

    A field the event already has (same form, identifier and form-id, e.g. a default) is updated in place,
    so importing into an event that received the defaults never clashes. Returns the rows written.
    """
    if not isinstance(rows, list):
        raise FormImportError("forms must be a list.")
    existing = {(f.form, f.field_identifier, f.form_id or ""): f for f in CustomForm.objects.filter(event=event)}
    written = []
    for index, raw in enumerate(sorted(rows, key=_old_id)):
        if not isinstance(raw, dict):
            raise FormImportError(f"forms row {index}: must be an object.")
        legacy = any(snake_case(key).endswith("_form") for key in raw)
        items = [(r, []) for r in _legacy_rows(raw, index)] if legacy else [_clean_row(raw, index)]
        for fields, translations in items:
            fields["name"] = canonical_name(fields["form"], fields["field_identifier"], fields.get("name"))
            key = (fields["form"], fields["field_identifier"], fields.get("form_id") or "")
            custom_form = existing.get(key)
            if custom_form is None:
                custom_form = CustomForm(event=event, **fields)
                existing[key] = custom_form
            else:
                for name, value in fields.items():
                    setattr(custom_form, name, value)
            try:
                custom_form.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
            except DjangoValidationError as exc:
                raise FormImportError(f"forms row {index}: {'; '.join(exc.messages)}") from None
            custom_form.save()
            if translations:
                CustomFormTranslation.objects.filter(custom_form=custom_form).delete()
                CustomFormTranslation.objects.bulk_create(
                    CustomFormTranslation(custom_form=custom_form, name=t["name"], language_code=t["language_code"])
                    for t in {t["language_code"]: t for t in translations}.values()
                )
            written.append(custom_form)
    logger.info("Imported %d form fields into event %s", len(written), event.pk)
    return written
