"""What the public schedule page asks first: the days that have sessions, and whether there are streams."""

import zoneinfo

from django.db.models.functions import TruncDate

from events.models import Session


def session_dates(event):
    """The days (ISO dates, in the event's time zone) on which a public session of `event` starts.

    Only accepted and confirmed sessions count, as in Open Event: the schedule shows no others.
    """
    try:
        tz = zoneinfo.ZoneInfo(event.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    days = (
        Session.objects.filter(event=event, state__in=Session.PUBLIC_STATES, starts_at__isnull=False)
        .annotate(day=TruncDate("starts_at", tzinfo=tz))
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")
    )
    return [day.isoformat() for day in days]


def stream_access(event, user):
    """`{exists, can_access}` of the event's video streams. eventyay runs no video streams, so there are none."""
    return {"exists": False, "can_access": False}
