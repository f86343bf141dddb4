"""Rules of an event's content: one copyright notice per event; who reads exhibitors and attendee tags."""

from django.db.models import Q

from content.models import CustomPlaceholder, EventCopyright, Exhibitor, Tag
from eventyay import errors
from eventyay.api import permissions as perms


def _events_with_role(user, roles):
    from events.models import UsersEventsRoles

    return UsersEventsRoles.objects.filter(user_id=getattr(user, "pk", None), role__name__in=roles).values("event_id")


def visible_exhibitors(user, queryset):
    """Visitors read accepted exhibitors; the event's co-organizers (and staff) all of them."""
    if perms.is_staff(user):
        return queryset
    managed = _events_with_role(user, perms.CO_ORGANIZER)
    return queryset.filter(Q(status=Exhibitor.Status.ACCEPTED) | Q(event__in=managed))


def team_tags(user, queryset):
    """Attendee tags are for the event's team (any role) and staff only."""
    if perms.is_staff(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(event__in=_events_with_role(user, perms.ANY_ROLE))


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
