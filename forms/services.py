"""Custom form rules: built-in fields, defaults on a new event, enforcement on submissions, import/export.

Callable from views, jobs, management commands and tests alike. The forms app sits above `events`:
it reacts to `events.signals` (see `forms.apps`) and `events` never imports it.
"""

import json
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from rest_framework import exceptions

from events.models import Session, Speaker
from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict
from eventyay.case import camel
from forms.builtins import BUILT_IN, canonical_name
from forms.models import CustomForm, CustomFormTranslation

logger = logging.getLogger(__name__)

# What a new event's session and speaker forms ask: (included, required); the rest are built but left out.
DEFAULT_SESSION_FIELDS = {
    "title": (True, True),
    "shortAbstract": (True, False),
    "comments": (True, False),
    "slides": (True, False),
}
DEFAULT_SPEAKER_FIELDS = {
    "name": (True, True),
    "email": (True, True),
    "photoUrl": (True, False),
    "organisation": (True, False),
    "position": (True, False),
    "country": (True, False),
    "shortBiography": (True, False),
    "website": (True, False),
    "twitter": (True, False),
}
FIXED_FIELDS = {"session": {"title"}, "speaker": {"name", "email"}, "attendee": {"email"}}

# Field types of the built-in fields; any other built-in is plain text.
BUILT_IN_TYPES = {
    "email": "email",
    "photoUrl": "image",
    "slides": "file",
    "track": "select",
    "sessionType": "select",
    "level": "select",
    "language": "select",
}

# Keys of the older export shape (`session_form` / `speaker_form` JSON strings) that are not plain camelCase.
LEGACY_KEYS = {"photo": "photoUrl", "video": "videoUrl", "audio": "audioUrl"}

SUBMISSION_MODELS = {"session": Session, "speaker": Speaker}
FLAT_TYPES = (str, int, float, bool, type(None))
NUMBER_TYPES = {"number", "year"}
STRING_TYPES = {"text", "checkbox", "select", "paragraph", "richtextlink", "file", "image"}


class FormImportError(ValueError):
    """A `forms` file the importer cannot read; the message names the row."""


# ------------------------------------------------------------------ names
def snake_case(identifier):
    """`shortAbstract` → `short_abstract` (also `short-abstract`); how answers and model columns are keyed."""
    text = re.sub(r"[-\s]+", "_", str(identifier))
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", text)
    return text.lower()


def max_complex_fields():
    return settings.FORMS_MAX_COMPLEX_FIELDS


# -------------------------------------------------------------- defaults
def default_form_rows(event):
    """Unsaved rows of a new event's session and speaker forms and the attendee `email` field."""
    rows = []
    for form, chosen in (("session", DEFAULT_SESSION_FIELDS), ("speaker", DEFAULT_SPEAKER_FIELDS)):
        for position, (identifier, label) in enumerate(BUILT_IN[form].items()):
            included, required = chosen.get(identifier, (False, False))
            rows.append(
                CustomForm(
                    event=event,
                    form=form,
                    field_identifier=identifier,
                    name=label,
                    type=BUILT_IN_TYPES.get(identifier, "text"),
                    is_included=included,
                    is_required=required,
                    is_fixed=identifier in FIXED_FIELDS[form],
                    position=position,
                )
            )
    rows.append(
        CustomForm(
            event=event,
            form="attendee",
            field_identifier="email",
            name="Email",
            type="email",
            is_included=True,
            is_required=True,
            is_fixed=True,
            position=0,
        )
    )
    return rows


def create_default_forms(event):
    """One INSERT for all defaults; rows the event already has are left as they are."""
    existing = set(CustomForm.objects.filter(event=event).values_list("form", "field_identifier", "form_id"))
    rows = [r for r in default_form_rows(event) if (r.form, r.field_identifier, None) not in existing]
    return CustomForm.objects.bulk_create(rows)


def on_event_created(sender, event, user=None, **kwargs):
    create_default_forms(event)


# ------------------------------------------------------------ create / change
def _check_unique(event, form, field_identifier, form_id, exclude_pk=None):
    """A missing form-id counts as one value, so a form never gets the same field twice (409)."""
    same_form_id = Q(form_id__isnull=True) | Q(form_id="") if not form_id else Q(form_id=form_id)
    clash = CustomForm.objects.filter(same_form_id, event=event, form=form, field_identifier=field_identifier)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise Conflict(f"The {form} form of this event already has a field '{field_identifier}'.")


def _apply_translations(custom_form, items):
    """Items with an id are updated (or removed with isDeleted), items without one are added."""
    by_id = {t.pk: t for t in custom_form.translations.all()}
    stored = {pk: t.language_code for pk, t in by_id.items()}
    changed = set()
    for item in items:
        item_id = item.get("id")
        if item_id is not None:
            translation = by_id.get(item_id)
            if translation is None:
                raise exceptions.ValidationError(
                    {"translations": [f"Translation {item_id} does not belong to this custom form."]}
                )
            if item.get("isDeleted"):
                translation.delete()
                del by_id[item_id]
                continue
            translation.name = item["name"]
            translation.language_code = item["language_code"]
            changed.add(item_id)
        elif not item.get("isDeleted"):
            by_id[object()] = CustomFormTranslation(
                custom_form=custom_form, name=item["name"], language_code=item["language_code"]
            )
    languages = [t.language_code for t in by_id.values()]
    duplicates = sorted({code for code in languages if languages.count(code) > 1})
    if duplicates:
        raise exceptions.ValidationError(
            {"translations": [f"Only one translation per language: {', '.join(duplicates)} given twice."]}
        )
    # Park changed language codes first, so two translations can swap languages without a clash.
    moved = [t for t in by_id.values() if t.pk is not None and t.language_code != stored[t.pk]]
    for translation in moved:
        CustomFormTranslation.objects.filter(pk=translation.pk).update(language_code=f"~{translation.pk}")
    for translation in by_id.values():
        if translation.pk is None or translation.pk in changed:
            translation.save()


@transaction.atomic
def create_form(event, translations=None, **fields):
    """A new field on one of the event's forms; translations come with it."""
    fields["name"] = canonical_name(fields["form"], fields["field_identifier"], fields.get("name"))
    _check_unique(event, fields["form"], fields["field_identifier"], fields.get("form_id"))
    custom_form = CustomForm.objects.create(event=event, **fields)
    if translations:
        _apply_translations(custom_form, translations)
    return custom_form


@transaction.atomic
def update_form(custom_form, translations=None, **fields):
    """Change only what was sent; omitted attributes keep their values (unlike the original's refilled defaults)."""
    for name, value in fields.items():
        setattr(custom_form, name, value)
    custom_form.name = canonical_name(custom_form.form, custom_form.field_identifier, custom_form.name)
    _check_unique(
        custom_form.event,
        custom_form.form,
        custom_form.field_identifier,
        custom_form.form_id,
        exclude_pk=custom_form.pk,
    )
    custom_form.save()
    if translations:
        _apply_translations(custom_form, translations)
    return custom_form


# ------------------------------------------------------------- enforcement
def _is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict | tuple):
        return not value
    return False


def normalize_complex_values(values):
    """Keys snake_cased (`tshirtSize` → `tshirt_size`), the way answers are stored and looked up."""
    if not isinstance(values, dict):
        return values
    return {snake_case(key): value for key, value in values.items()}


def _current(data, instance, attr):
    """The value this write leaves in `attr`: the sent one, else the stored one."""
    if attr in data:
        value = data[attr]
        return getattr(value, "pk", value)
    if instance is None:
        return None
    model_field = next((f for f in instance._meta.concrete_fields if f.name == attr), None)
    if model_field is not None and model_field.is_relation:
        return getattr(instance, model_field.attname)
    return getattr(instance, attr, None)


def _type_error(field, value):
    """None when `value` fits the field's type, else a message naming the field."""
    label = field.field_identifier
    if field.type in NUMBER_TYPES:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return f"'{label}' must be a number."
        try:
            number = float(value)
        except ValueError:
            return f"'{label}' must be a number."
        if field.type == "year" and number != int(number):
            return f"'{label}' must be a whole year."
        return None
    if field.type == "boolean":
        return None if isinstance(value, bool) else f"'{label}' must be true or false."
    if not isinstance(value, str):
        return f"'{label}' must be a string."
    if field.type == "email" and value:
        try:
            validate_email(value.strip())
        except DjangoValidationError:
            return f"'{label}' must be a valid email address."
    return None


def submission_errors(kind, event, data, instance=None, user=None):
    """The problems a session or speaker write has with the event's form: {attribute: [message, ...]}.

    Registered in `events.signals.submission_validators`. `complex_field_values` in `data` is rewritten in
    place with snake_cased keys. Organizers and admins editing an existing row without changing its
    `complex-field-values` skip the form rules, as in the original.
    """
    if kind not in ("session", "speaker") or event is None:
        return {}
    errors = {}
    values = data.get("complex_field_values", getattr(instance, "complex_field_values", None))
    sent_values = "complex_field_values" in data
    if sent_values:
        if values is not None and not isinstance(values, dict):
            return {"complex_field_values": ["complex-field-values must be an object of field answers."]}
        values = data["complex_field_values"] = normalize_complex_values(values)
    if (
        instance is not None
        and perms.has_event_role(user, event, perms.ORGANIZER)
        and (not sent_values or values == normalize_complex_values(instance.complex_field_values))
    ):
        return {}
    values = normalize_complex_values(values) or {}
    if sent_values:
        if len(values) > max_complex_fields():
            errors.setdefault("complex_field_values", []).append(
                f"complex-field-values holds {len(values)} answers; at most {max_complex_fields()} are allowed."
            )
        nested = sorted(key for key, value in values.items() if not isinstance(value, FLAT_TYPES))
        if nested:
            errors.setdefault("complex_field_values", []).append(
                f"Answers must be strings, numbers, booleans or null: {', '.join(nested)}."
            )
    fields = list(CustomForm.objects.filter(event=event, form=kind, is_included=True))
    skipped = set()
    if kind == "speaker" and _current(data, instance, "is_email_overridden"):
        skipped.add("email")
    missing_builtin, missing_complex = [], []
    for field in fields:
        if not field.is_required or field.field_identifier in skipped:
            continue
        if field.is_complex:
            if _is_empty(values.get(snake_case(field.field_identifier))):
                missing_complex.append(field.field_identifier)
        else:
            attr = snake_case(field.field_identifier)
            if not hasattr(SUBMISSION_MODELS[kind], attr):
                continue
            if _is_empty(_current(data, instance, attr)):
                missing_builtin.append(field.field_identifier)
                errors.setdefault(attr, []).append(
                    f"Missing required field '{field.field_identifier}' (the {kind} form requires it)."
                )
    if missing_complex:
        errors.setdefault("complex_field_values", []).append(
            f"Missing required fields {missing_complex} in complex-field-values."
        )
    if sent_values:
        for field in fields:
            if not field.is_complex:
                continue
            value = values.get(snake_case(field.field_identifier))
            if value is None or not isinstance(value, FLAT_TYPES):
                continue
            problem = _type_error(field, value)
            if problem:
                errors.setdefault("complex_field_values", []).append(problem)
    return errors


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
IMPORT_COLUMNS = {
    "description",
    "field_identifier",
    "form",
    "form_id",
    "is_allow_edit",
    "is_fixed",
    "is_included",
    "is_public",
    "is_required",
    "main_language",
    "max",
    "min",
    "name",
    "position",
    "type",
}
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
