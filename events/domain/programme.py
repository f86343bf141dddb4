"""Programme rules: colours, session-type lengths, one call for speakers per event."""

import re
import secrets
from datetime import datetime

from django.db import transaction

from events.models import SpeakersCall
from eventyay.errors import Conflict

HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_hex_color(value):
    return bool(value and HEX_COLOR.match(value))


def normalize_length(value):
    """A session type's length as `HH:MM` (Open Event parses it with `%H:%M`), or None when malformed."""
    try:
        return datetime.strptime(str(value).strip(), "%H:%M").strftime("%H:%M")
    except ValueError:
        return None


def give_default_speakers_call(event):
    """Every event has a call for speakers from its creation: undated, private, without announcement, so
    closed and out of every public listing until its organizer dates and opens it. The web client edits
    the event's call where one exists (it creates one only when the read fails, which an empty to-one no
    longer does)."""
    private = SpeakersCall.Privacy.PRIVATE
    return SpeakersCall.objects.create(event=event, privacy=private, hash=secrets.token_urlsafe(16))


@transaction.atomic
def save_speakers_call(event, fields):
    """A POST of a call for an event that has its live call updates that call (the event's one call).

    The event row is locked first: two first POSTs for an event without a call would otherwise both create
    one, and the second would meet the one-live-call constraint."""
    type(event).objects.select_for_update().only("pk").get(pk=event.pk)
    call = SpeakersCall.objects.filter(event=event).first()
    if call is None:
        return SpeakersCall.objects.create(event=event, **fields)
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    return call


def check_one_speakers_call(event, exclude=None):
    """One live call for speakers per event (409)."""
    clash = SpeakersCall.objects.filter(event=event)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Conflict("Speakers Call already exists for this event.")
