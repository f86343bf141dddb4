"""Reading and changing the settings: every write (API, admin, commands) goes through `update`."""

from types import SimpleNamespace

from django.db import transaction

from eventyay import crypto
from eventyay.errors import DomainError
from eventyay.sitesettings.sections import all_sections


def current():
    """All settings rows as one object: `current().site.app_name`, `current().payments.stripe_client_id`."""
    return SimpleNamespace(pk=1, **{section.name: section.load() for section in all_sections()})


@transaction.atomic
def update(settings, values):
    """Apply {section name: {field: value}} to the rows of `settings` and save each changed row."""
    if any(value for changes in values.values() for value in changes.values()) and not crypto.is_configured():
        raise DomainError("Settings cannot be saved: the server has no key to encrypt secrets (STRIPE_SECRETS_KEY).")
    for name, changes in values.items():
        row = getattr(settings, name)
        for attr, value in changes.items():
            setattr(row, attr, value)
        row.save()
    return settings
