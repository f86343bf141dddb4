"""The one place that answers "may this user do X on this event".

Event roles come from the event's role rows (owner, organizer, coorganizer,
track_organizer, moderator, registrar). Server admins ("staff") pass every
event-scoped check. The event model supplies `role_names_for(user)`; this module
only knows role names, so it does not depend on the events app.
"""

from rest_framework import permissions

OWNER = frozenset({"owner"})
ORGANIZER = frozenset({"owner", "organizer"})
CO_ORGANIZER = ORGANIZER | {"coorganizer"}
TRACK_ORGANIZER = CO_ORGANIZER | {"track_organizer"}
ANY_ROLE = TRACK_ORGANIZER | {"moderator", "registrar"}


def is_staff(user):
    return bool(user and user.is_authenticated and (user.is_admin or user.is_super_admin))


def is_super_admin(user):
    return bool(user and user.is_authenticated and user.is_super_admin)


def roles_on(user, event):
    """The caller's role names on the event, cached on the user object for the request."""
    if not (user and user.is_authenticated) or event is None or event.pk is None:
        return frozenset()
    cache = user.__dict__.setdefault("_event_roles", {})
    if event.pk not in cache:
        cache[event.pk] = frozenset(event.role_names_for(user))
    return cache[event.pk]


def has_event_role(user, event, allowed):
    """Staff, or one of `allowed` roles on this event."""
    return is_staff(user) or bool(roles_on(user, event) & allowed)


def can_see_event(user, event):
    """Draft events exist only for their organizers and staff (others get 404)."""
    if event.deleted_at is not None and not has_event_role(user, event, CO_ORGANIZER):
        return False
    return event.state == "published" or has_event_role(user, event, CO_ORGANIZER)


class IsAuthenticated(permissions.IsAuthenticated):
    message = "Authentication credentials were not provided or are invalid."


class IsStaff(permissions.BasePermission):
    message = "Admin access is required."

    def has_permission(self, request, view):
        return is_staff(request.user)


class StaffWritesOthersRead(permissions.BasePermission):
    """Catalogue resources (event types, topics, roles): anyone reads, admins write."""

    message = "Admin access is required."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_staff(request.user)
