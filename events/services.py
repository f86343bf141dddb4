"""Event rules callable from views, jobs, commands and tests alike."""

import zoneinfo
from datetime import timedelta

from django.db import transaction

from events.models import Event, Role, UsersEventsRoles
from events.signals import event_created

MAX_EVENT_DAYS = 20


def known_timezones():
    return zoneinfo.available_timezones()


def date_errors(starts_at, ends_at, require_both=True):
    """Open Event's date rules for published events; returns {field: [message]}."""
    errors = {}
    if require_both and (starts_at is None or ends_at is None):
        for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
            if value is None:
                errors[name] = ["This field is required for a published event."]
        return errors
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = ["ends-at must be after starts-at."]
        elif ends_at - starts_at > timedelta(days=MAX_EVENT_DAYS):
            errors["ends_at"] = [f"An event cannot last longer than {MAX_EVENT_DAYS} days."]
    return errors


def grant_role(user, event, role_name):
    role = Role.named(role_name)
    return UsersEventsRoles.objects.get_or_create(user=user, event=event, role=role)[0]


@transaction.atomic
def create_event(user, **fields):
    """Create an event owned by `user`; other apps add their defaults through `event_created`."""
    event = Event.objects.create(**fields)
    grant_role(user, event, "owner")
    event_created.send(sender=Event, event=event, user=user)
    return event
