"""Rules of an event's content: one copyright notice per event."""

from content.models import EventCopyright
from eventyay import errors


def check_one_copyright(event, exclude=None):
    clash = EventCopyright.objects.filter(event=event)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise errors.Conflict("This event already has a copyright notice; change that one instead.")


def create_copyright(event, **fields):
    check_one_copyright(event)
    return EventCopyright.objects.create(event=event, **fields)
