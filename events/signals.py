"""Hooks other apps use, so that `events` never imports the apps above it."""

from django.dispatch import Signal

from eventyay.extension_points import declare

#: Sent inside the creating transaction after an event and its owner role exist (kwargs: event, user).
event_created = Signal()

#: Validators for session and speaker writes, filled by apps above (the forms app) in `AppConfig.ready()`.
#: Each is called as `validator(kind, event, data, instance, user)` with kind "session" or "speaker",
#: `data` the validated attributes (underscored names) of this write, `instance` the existing row or None;
#: it returns a dict {field_name: [message, ...]} of problems (empty when all is well).
submission_validators = declare(
    "events.signals.submission_validators",
    [],
    filled_by="forms",
    purpose="custom-form rules on session and speaker writes",
)


def validate_submission(kind, event, data, instance=None, user=None):
    errors = {}
    for validator in submission_validators:
        for field, messages in (validator(kind, event, data, instance, user) or {}).items():
            errors.setdefault(field, []).extend(messages)
    return errors
