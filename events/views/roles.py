"""Roles (admins write) and users-events-roles (co-organizers of that event)."""

from rest_framework import exceptions

from events.domain import roles
from events.models import Role, UsersEventsRoles
from events.serializers.roles import RoleSerializer, UsersEventsRolesSerializer
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet, refuse


class RoleViewSet(ResourceViewSet):
    queryset = Role.objects.all()
    serializer_class = RoleSerializer
    event_path = None
    write_roles = None

    def perform_destroy(self, instance, permanent=True):
        roles.check_role_deletable(instance)
        instance.delete()


class UsersEventsRolesViewSet(ResourceViewSet):
    """Listed and read by the event's co-organizers; changed by its owner and organizers only
    (`events.domain.roles`); the owner's row cannot be taken away here."""

    queryset = UsersEventsRoles.objects.select_related("role")
    serializer_class = UsersEventsRolesSerializer
    write_roles = perms.ORGANIZER
    parent_lookups = {"event_id": "event"}

    def check_parent_permissions(self, parent, event):
        if not perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER):
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied("Only co-organizers may see who holds which role.")

    def can_read_object(self, obj, event):
        if not perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER):
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied("Only co-organizers may see who holds which role.")
        return True

    # Rows come from event creation, imports and role invites (reference §3.14).
    create = refuse("POST")

    def perform_destroy(self, instance, permanent=True):
        roles.check_event_role_deletable(self.request.user, instance)
        instance.delete()
