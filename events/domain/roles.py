"""Event roles as the rest of the project sees them: what the users app shows and what blocks a deletion."""

from events.models import Role, UsersEventsRoles
from eventyay.api import permissions as perms
from eventyay.errors import Conflict, DomainError, Forbidden

#: The users app reads a user's roles through `eventyay.users.extensions`; this app fills it (`apps.py`).
ROLE_ROWS = "event_roles__role"


def role_names_of(user):
    """Role names the user holds on any event (prefetched by `ROLE_ROWS` on lists)."""
    return {row.role.name for row in user.event_roles.all()}


def role_rows_visible_to(user, rows=None):
    """The role rows `/v1/events/<id>/users-events-roles` lists to `user`: those of events he co-organizes."""
    rows = UsersEventsRoles.objects.select_related("role") if rows is None else rows
    if perms.is_staff(user):
        return rows
    if user is None or not user.is_authenticated:
        return rows.none()
    managed = UsersEventsRoles.objects.filter(user=user, role__name__in=perms.CO_ORGANIZER).values("event_id")
    return rows.filter(event_id__in=managed)


def deletion_refusal(user):
    """Reference §3.1: a user on a live event cannot be deleted until the events are handed over."""
    if UsersEventsRoles.objects.filter(user=user, event__deleted_at__isnull=True).exists():
        return "This user still has events; hand them over or delete them first."
    return None


def grant_role(user, event, role_name):
    role = Role.named(role_name)
    return UsersEventsRoles.objects.get_or_create(user=user, event=event, role=role)[0]


def check_role_change(role, new_name=None):
    """Built-in roles keep their names (422); Open Event forgot to register this hook."""
    if role.is_built_in and new_name is not None and new_name != role.name:
        raise DomainError("Built-in roles cannot be renamed.", field="name")


def check_role_deletable(role):
    if role.is_built_in:
        raise DomainError("Built-in roles cannot be deleted.")
    if role.user_roles.exists():
        raise Conflict("This role is still given to users on events.")


#: How far each built-in role reaches; nobody grants a role ranked above his own (custom roles rank lowest).
RANK = {"owner": 5, "organizer": 4, "coorganizer": 3, "track_organizer": 2, "moderator": 1, "registrar": 1}


def rank_on(user, event):
    """The highest rank the user holds on the event; staff outrank every role."""
    if perms.is_staff(user):
        return max(RANK.values()) + 1
    return max((RANK.get(name, 0) for name in perms.roles_on(user, event)), default=-1)


def check_may_manage_roles(user, event):
    """Only the owner, organizers and staff change or remove role rows (403)."""
    if not perms.has_event_role(user, event, perms.ORGANIZER):
        raise Forbidden("Only the owner and organizers may change who holds which role.")


def check_event_role_change(user, row, attrs):
    """A change of a role row by `user`: the rules of the API, the admin and every other caller.

    Only the owner and organizers change rows; the owner's row is untouchable; ownership moves by a role
    invite only; nobody grants a role ranked above his own; a row keeps its user (403/422/409).
    """
    if row is not None:
        check_may_manage_roles(user, row.event)
        if row.role.name == "owner" and attrs:
            raise Forbidden("The owner's role cannot be changed; transfer ownership instead.")
        if "user" in attrs and attrs["user"] is not None and attrs["user"].pk != row.user_id:
            raise DomainError("A role row cannot be moved to another user; invite that user instead.", field="user")
    role = attrs.get("role")
    if role is not None and role.name == "owner":
        raise Forbidden("Ownership is transferred by a role invite, not here.")
    if row is not None and role is not None and RANK.get(role.name, 0) > rank_on(user, row.event):
        raise Forbidden("Nobody can grant a role above his own.")
    if row is not None and role is not None:
        clash = UsersEventsRoles.objects.filter(user_id=row.user_id, event_id=row.event_id, role_id=role.pk)
        if clash.exclude(pk=row.pk).exists():
            raise Conflict("This user already holds this role on this event.")


def check_event_role_deletable(user, row):
    """Only the owner and organizers remove role rows; the owner's row stays (403)."""
    check_may_manage_roles(user, row.event)
    if row.role.name == "owner":
        raise Forbidden("The owner's role cannot be deleted.")
