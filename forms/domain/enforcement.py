"""Custom-form rules on session and speaker writes (filled into `events.signals.submission_validators`)."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

from eventyay.api import permissions as perms
from forms.domain.defaults import FLAT_TYPES, NUMBER_TYPES, SUBMISSION_MODELS, max_complex_fields, snake_case
from forms.models import CustomForm

logger = logging.getLogger(__name__)


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
    if kind not in ("session", "speaker", "attendee") or event is None:
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
            if not hasattr(SUBMISSION_MODELS.get(kind, type(instance)), attr):
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
