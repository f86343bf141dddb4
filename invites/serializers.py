"""Role invites and speaker invites on the wire. The invite token is never an attribute."""

from rest_framework_json_api import serializers

from events.models import Event, Role, Session
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from invites.models import INVITABLE_ROLES, RoleInvite, SpeakerInvite

EVENT_SERIALIZER = "events.serializers.event.EventSerializer"


class RoleInviteSerializer(ResourceSerializer):
    email = serializers.EmailField(max_length=254)
    role_name = serializers.ChoiceField(choices=INVITABLE_ROLES, required=False)
    event = Relation(queryset=Event.objects.all())
    role = Relation(queryset=Role.objects.all())

    included_serializers = {"event": EVENT_SERIALIZER, "role": "events.serializers.roles.RoleSerializer"}

    class Meta:
        model = RoleInvite
        resource_name = "role-invite"
        collection = "role-invites"
        fields = ("email", "role_name", "status", "created_at", "event", "role")
        read_only_fields = ("status", "created_at")


class SpeakerInviteSerializer(ResourceSerializer):
    email = serializers.EmailField(max_length=254)
    event = Relation(queryset=Event.objects.all())
    session = Relation(queryset=Session.objects.all())

    included_serializers = {"event": EVENT_SERIALIZER, "session": "events.serializers.sessions.SessionSerializer"}

    class Meta:
        model = SpeakerInvite
        resource_name = "speaker-invite"
        collection = "speaker-invites"
        fields = ("email", "status", "created_at", "event", "session")
        read_only_fields = ("status", "created_at")
