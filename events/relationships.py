"""Relationships of the events app's resources (and the user's) that the web client's models declare.

The event's role lists come from users-events-roles; aliases the client uses (`type`, `topic`, `sub-topic`) point
at the same foreign keys. Everything else the client declares but eventyay has no rows for (yet) is declared
empty (`eventyay.api.declared`): links always, `[]`/`null` when included, until the owning app contributes it.
"""

from django.db.models import Prefetch

from events import user_relationships
from eventyay.api import declared
from eventyay.api.includes import register_preload
from eventyay.api.relations import Relation

#: The event's role lists → role names in users-events-roles.
ROLE_LISTS = {
    "organizers": "organizer",
    "coorganizers": "coorganizer",
    "track_organizers": "track_organizer",
    "registrars": "registrar",
    "moderators": "moderator",
}
PUBLIC_USER = "eventyay.users.serializers.PublicUserSerializer"

EVENT = {
    "access-codes": ("access-code", "to-many"),
    "attendees": ("attendee", "to-many"),
    "badge-forms": ("badge-form", "to-many"),
    "badges": ("badge", "to-many"),
    "copyright": ("event-copyright", "to-one"),
    "event-copyright": ("event-copyright", "to-one"),
    "tax": ("tax", "to-one"),
    "discount-codes": ("discount-code", "to-many"),
    "email-notifications": ("email-notification", "to-many"),
    "exhibitors": ("exhibitor", "to-many"),
    "feedbacks": ("feedback", "to-many"),
    "forms": ("custom-form-ticket", "to-many"),
    "general-statistics": ("event-statistics-general", "to-one"),
    "group": ("group", "to-one"),
    "invoice": ("event-invoice", "to-many"),
    "location": ("event-location", "to-one"),
    "order-statistics": ("order-statistics-event", "to-one"),
    "orders": ("order", "to-many"),
    "role-invites": ("role-invite", "to-many"),
    "session-favourites": ("user-favourite-session", "to-many"),
    "speaker-invites": ("speaker-invite", "to-many"),
    "tags": ("tag", "to-many"),
    "video-stream": ("video-stream", "to-one"),
}
USER = {
    "access-codes": ("access-code", "to-many"),
    "attendees": ("attendee", "to-many"),
    "discount-codes": ("discount-code", "to-many"),
    "email-notifications": ("email-notification", "to-many"),
    "event-invoices": ("event-invoice", "to-many"),
    "favourites": ("user-favourite-session", "to-many"),
    "feedbacks": ("feedback", "to-many"),
    "followed-groups": ("user-follow-group", "to-many"),
    "groups": ("group", "to-many"),
    "notifications": ("notification", "to-many"),
    "orders": ("order", "to-many"),
}
TICKET = {
    "attendees": ("attendee", "to-many"),
    "orders": ("order", "to-many"),
    "order-statistics": ("order-statistics-ticket", "to-one"),
}
SESSION = {
    "exhibitors": ("exhibitor", "to-many"),
    "favourite": ("user-favourite-session", "to-one"),
    "favourites": ("user-favourite-session", "to-many"),
    "feedbacks": ("feedback", "to-many"),
    "speaker-invites": ("speaker-invite", "to-many"),
}


class RoleMembers(Relation):
    """The users holding one role on the event, read from the prefetched role rows."""

    def __init__(self, role_name, **kwargs):
        from eventyay.users.models import User

        self.role_name = role_name
        super().__init__(read_only=True, source="*", model=User, related_model=User, **kwargs)

    def _resource_type(self):
        return "user"

    def _compute_is_local_fk(self):
        return False

    def get_attribute(self, instance):
        from events.models import UsersEventsRoles

        rows = instance.__dict__.get(f"{self.role_name}_rows")
        if rows is None:
            rows = UsersEventsRoles.objects.filter(event=instance, role__name=self.role_name).select_related("user")
        return [row.user for row in rows]


def register():
    from events.models import Event, UsersEventsRoles
    from events.serializers.event import EventSerializer
    from events.serializers.programme import MicrolocationSerializer
    from events.serializers.roles import RoleSerializer
    from events.serializers.sessions import SessionSerializer
    from events.serializers.tickets import TicketSerializer
    from eventyay.users.serializers import PublicUserSerializer, UserSerializer

    for name, role in ROLE_LISTS.items():
        declared.contribute(EventSerializer, name, declared.ComputedMany(child_relation=RoleMembers(role)), PUBLIC_USER)
        rows = UsersEventsRoles.objects.filter(role__name=role).select_related("user")
        register_preload(
            Event,
            name,
            lambda user, prefix, rows=rows, role=role: [Prefetch(f"{prefix}user_roles", rows, to_attr=f"{role}_rows")],
            through=f"{role}_rows__user",
        )
    # The client's aliases: linkage from the same foreign keys; not includable (the planner walks field names).
    for alias, source in (("type", "event_type"), ("topic", "event_topic"), ("sub_topic", "event_sub_topic")):
        target = Event._meta.get_field(source).related_model  # so that the linkage names its type
        declared.contribute(EventSerializer, alias, Relation(read_only=True, source=source, related_model=target))
    _contribute_event_roles_and_user()
    user_relationships.register()
    declared.declare_all(EventSerializer, EVENT)
    for serializer in (UserSerializer, PublicUserSerializer):
        declared.declare_all(serializer, USER)
    declared.declare_all(TicketSerializer, TICKET)
    declared.declare_all(SessionSerializer, SESSION)
    declared.declare_all(MicrolocationSerializer, {"video-stream": ("video-stream", "to-one")})
    declared.declare_all(RoleSerializer, {"role-invites": ("role-invite", "to-many")})


def _contribute_event_roles_and_user():
    """`roles`: the event's users-events-roles rows (as its co-organizers list them); `user`: the client's name for
    the owner (the original's `event.user`), loaded like `owner`."""
    from events.apps import owner_recipe
    from events.models import Event, UsersEventsRoles
    from events.serializers.event import EventSerializer
    from eventyay.users.models import User

    roles = Relation(many=True, read_only=True, source="user_roles", related_model=UsersEventsRoles)
    declared.contribute(EventSerializer, "roles", roles, "events.serializers.roles.UsersEventsRolesSerializer")
    owner = Relation(read_only=True, source="owner", related_model=User, model=User)
    declared.contribute(EventSerializer, "user", owner, PUBLIC_USER)
    register_preload(Event, "user", owner_recipe, through="owner_rows__user")
