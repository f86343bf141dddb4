"""Where the forms app's rules used to live; they are in `forms.domain` now, split by subject.

Kept so that code written against `forms.services` still imports; new code imports `forms.domain`.
"""

from forms.domain import *  # noqa: F403
from forms.domain import FormImportError, create_default_forms, default_form_rows  # noqa: F401
