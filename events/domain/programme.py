"""Programme rules: colours, session-type lengths, one call for speakers per event."""

import re
from datetime import datetime

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


def check_one_speakers_call(event, exclude=None):
    """One live call for speakers per event (409)."""
    clash = SpeakersCall.objects.filter(event=event)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Conflict("Speakers Call already exists for this event.")
