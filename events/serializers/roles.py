"""Roles and who holds which on an event (reference §3.14)."""

from rest_framework_json_api import serializers

from events.domain import roles
from events.models import Event, Role, UsersEventsRoles
from eventyay.api.exceptions import Conflict
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from eventyay.users.models import User


class RoleSerializer(ResourceSerializer):
    name = serializers.CharField(max_length=64)

    class Meta:
        model = Role
        resource_name = "role"
        collection = "roles"
        fields = ("name", "title_name")

    def validate_name(self, value):
        if self.instance is not None:
            roles.check_role_change(self.instance, value)
        clash = Role.objects.filter(name=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise Conflict("A role with this name already exists.")
        return value


class UsersEventsRolesSerializer(ResourceSerializer):
    """No attributes: the row is its three relationships."""

    user = Relation(queryset=User.objects.all())
    event = Relation(queryset=Event.objects.all())
    role = Relation(queryset=Role.objects.all())

    included_serializers = {
        "user": "eventyay.users.serializers.PublicUserSerializer",
        "event": "events.serializers.event.EventSerializer",
        "role": RoleSerializer,
    }

    class Meta:
        model = UsersEventsRoles
        resource_name = "users-events-roles"
        collection = "users-events-roles"
        fields = ("user", "event", "role")
        validators = []  # uniqueness is a 409 from roles.check_event_role_change, not a 422

    def validate_event(self, value):
        if self.instance is not None and value.pk != self.instance.event_id:
            raise serializers.ValidationError("A role cannot be moved to another event.")
        return value

    def validate(self, attrs):
        roles.check_event_role_change(self.context["request"].user, self.instance, attrs)
        return attrs
