"""Event roles as the rest of the project sees them: what the users app shows and what blocks a deletion."""

from events.models import Role, UsersEventsRoles
from eventyay.api import permissions as perms
from eventyay.errors import Conflict, DomainError, Forbidden

#: The users app reads a user's roles through `eventyay.users.extensions`; this app fills it (`apps.py`).
ROLE_ROWS = "event_roles__role"


def role_names_of(user):
    """Role names the user holds on any event (prefetched by `ROLE_ROWS` on lists)."""
    return {row.role.name for row in user.event_roles.all()}


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


def check_event_role_change(user, row, attrs):
    """Nobody takes the owner's row or hands out ownership here (role invites do that); 403."""
    if row is not None and row.role.name == "owner" and attrs:
        raise Forbidden("The owner's role cannot be changed; transfer ownership instead.")
    role = attrs.get("role")
    if role is not None and role.name == "owner" and not perms.is_staff(user):
        raise Forbidden("Ownership is transferred by a role invite, not here.")
    if row is not None:
        user_id = attrs["user"].pk if "user" in attrs else row.user_id
        role_id = role.pk if role is not None else row.role_id
        clash = UsersEventsRoles.objects.filter(user_id=user_id, event_id=row.event_id, role_id=role_id)
        if clash.exclude(pk=row.pk).exists():
            raise Conflict("This user already holds this role on this event.")


def check_event_role_deletable(row):
    if row.role.name == "owner":
        raise Forbidden("The owner's role cannot be deleted.")
