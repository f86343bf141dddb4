"""Rules of an event's content: one copyright notice per event."""

from content.models import CustomPlaceholder, EventCopyright, Tag
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


def check_tag_change(tag, event, attrs):
    """Names are unique per event (409); a read-only tag keeps its name (409, as in Open Event)."""
    name = attrs.get("name")
    if tag is not None and tag.is_read_only and name is not None and name != tag.name:
        raise errors.Conflict("A read-only tag cannot be renamed.")
    if name is not None:
        clash = Tag.objects.filter(event=event, name=name)
        if tag is not None:
            clash = clash.exclude(pk=tag.pk)
        if clash.exists():
            raise errors.Conflict("This event already has a tag with this name.")


def check_placeholder_free(sub_topic, placeholder=None):
    """One placeholder per event sub-topic (409)."""
    if sub_topic is None:
        return
    clash = CustomPlaceholder.objects.filter(event_sub_topic=sub_topic)
    if placeholder is not None:
        clash = clash.exclude(pk=placeholder.pk)
    if clash.exists():
        raise errors.Conflict("This sub-topic already has a placeholder.")
