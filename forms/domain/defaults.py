"""Built-in fields, the names of form fields, and the forms a new event starts with."""

import logging
import re

from django.conf import settings

from events.models import Session, Speaker
from forms.builtins import BUILT_IN
from forms.models import CustomForm

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
