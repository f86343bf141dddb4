"""A user's events by role, the sessions he created and his speaker profiles, as relationships of the user.

The role lists (`events`, `owner-events`, ...) are read from users-events-roles by role name, as the original
server computes them, and show only what `/v1/users/<id>/<role>-events` would list to the caller: nothing to
anyone but the user himself and admins, and of those events only the ones the caller may see.
"""

from django.db.models import Prefetch

from eventyay.api import declared
from eventyay.api import permissions as perms
from eventyay.api.includes import included_rows, register_preload
from eventyay.api.relations import Relation

#: Relationship (underscored) → role names; None: any role but attendee (`events.domain.events.events_with_role`).
ROLE_EVENT_LISTS = {
    "events": None,
    "owner_events": ["owner"],
    "organizer_events": ["organizer"],
    "coorganizer_events": ["coorganizer"],
    "track_organizer_events": ["track_organizer"],
    "registrar_events": ["registrar"],
    "moderator_events": ["moderator"],
    "marketer_events": ["marketer"],
    "sales_admin_events": ["sales_admin"],
}
EVENT_SERIALIZER = "events.serializers.event.EventSerializer"


def role_rows_visible_to(caller, role_names):
    """Role rows behind a user's role lists that `caller` may see: his own (all for admins), on visible events."""
    from events.models import Event, UsersEventsRoles

    rows = UsersEventsRoles.objects.all()
    if not perms.is_staff(caller):
        if caller is None or not caller.is_authenticated:
            return rows.none()
        rows = rows.filter(user=caller)
    rows = rows.filter(role__name__in=role_names) if role_names else rows.exclude(role__name="attendee")
    return rows.filter(event__in=Event.objects.visible_to(caller).values("pk"))


def _recipe(name, role_names):
    from events.models import Event

    def recipe(user, prefix):
        rows = role_rows_visible_to(user, role_names).order_by("event_id", "id")
        return [
            Prefetch(f"{prefix}event_roles", rows, to_attr=f"{name}_rows"),
            Prefetch(f"{prefix}{name}_rows__event", included_rows(Event, user)),
        ]

    return recipe


class RoleEvents(Relation):
    """The events the user holds one of the list's roles on, from the prefetched role rows (once each)."""

    def __init__(self, role_names, **kwargs):
        from events.models import Event

        self.role_names = role_names
        super().__init__(read_only=True, source="*", model=Event, related_model=Event, **kwargs)

    def _resource_type(self):
        return "event"

    def _compute_is_local_fk(self):
        return False

    def get_attribute(self, instance):
        rows = instance.__dict__.get(f"{self.parent.field_name}_rows")
        if rows is None:  # not preloaded (a path the planner does not walk): the same rows, one query
            request = self.context.get("request")
            caller = getattr(request, "user", None)
            rows = role_rows_visible_to(caller, self.role_names).filter(user=instance).select_related("event")
        events = {}
        for row in rows:
            if row.event is not None:
                events.setdefault(row.event.pk, row.event)
        return list(events.values())


def register():
    from events.models import Session, Speaker
    from eventyay.users.models import User
    from eventyay.users.serializers import PublicUserSerializer, UserSerializer

    for serializer in (UserSerializer, PublicUserSerializer):
        for name, role_names in ROLE_EVENT_LISTS.items():
            field = declared.ComputedMany(child_relation=RoleEvents(role_names))
            declared.contribute(serializer, name, field, EVENT_SERIALIZER)
        sessions = Relation(many=True, read_only=True, related_model=Session)
        declared.contribute(serializer, "sessions", sessions, "events.serializers.sessions.SessionSerializer")
        speakers = Relation(many=True, read_only=True, related_model=Speaker)
        declared.contribute(serializer, "speakers", speakers, "events.serializers.sessions.SpeakerSerializer")
    for name, role_names in ROLE_EVENT_LISTS.items():
        register_preload(User, name, _recipe(name, role_names), through=f"{name}_rows__event")
