"""Custom form rules, split by subject: `defaults` (built-in fields, a new event's forms), `changes` (create and
change fields), `enforcement` (rules on session and speaker writes), `transfer` (archive rows in and out).

Callable from views, jobs, management commands and tests alike. The forms app sits above `events`: it fills
`events.signals.submission_validators` and reacts to `event_created` (see `forms.apps`); `events` never
imports it. The names below are the app's service API (`from forms import domain`).
"""

from forms.builtins import BUILT_IN  # noqa: F401
from forms.domain.changes import create_form, update_form  # noqa: F401
from forms.domain.defaults import (  # noqa: F401
    FormImportError,
    create_default_forms,
    default_form_rows,
    max_complex_fields,
    on_event_created,
    snake_case,
)
from forms.domain.enforcement import normalize_complex_values, submission_errors  # noqa: F401
from forms.domain.transfer import EXPORT_COLUMNS, IMPORT_COLUMNS, export_forms, import_forms  # noqa: F401
