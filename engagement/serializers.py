"""Feedback, favourites, notifications and mail preferences on the wire."""

from rest_framework_json_api import serializers

from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession
from events.models import Event, Session
from eventyay.api.relations import Relation
from eventyay.api.serializers import OffsetDateTimeField, ResourceSerializer
from eventyay.users.models import User

EVENT = "events.serializers.event.EventSerializer"
SESSION = "events.serializers.sessions.SessionSerializer"
USER = "eventyay.users.serializers.PublicUserSerializer"


class FeedbackSerializer(ResourceSerializer):
    rating = serializers.FloatField()
    user = Relation(queryset=User.objects.all(), required=False)
    event = Relation(queryset=Event.objects.all(), required=False)
    session = Relation(queryset=Session.objects.all(), required=False, allow_null=True)

    included_serializers = {"user": USER, "event": EVENT, "session": SESSION}

    class Meta:
        model = Feedback
        resource_name = "feedback"
        collection = "feedbacks"
        fields = ("rating", "comment", "user", "event", "session")
        validators = []


class UserFavouriteSessionSerializer(ResourceSerializer):
    user = Relation(queryset=User.objects.all(), required=False)
    session = Relation(queryset=Session.objects.all())

    included_serializers = {"user": USER, "session": SESSION}

    class Meta:
        model = UserFavouriteSession
        resource_name = "user-favourite-session"
        collection = "user-favourite-sessions"
        fields = ("user", "session")
        validators = []


class NotificationSerializer(ResourceSerializer):
    user = Relation(queryset=User.objects.all())
    #: The original's name of the moment (its API Blueprint); the web client reads `received-at`.
    created_at = OffsetDateTimeField(source="received_at", read_only=True)

    included_serializers = {"user": USER}

    class Meta:
        model = Notification
        resource_name = "notification"
        collection = "notifications"
        fields = ("title", "message", "is_read", "received_at", "created_at", "user")
        read_only_fields = ("received_at",)


class EmailNotificationSerializer(ResourceSerializer):
    user = Relation(queryset=User.objects.all(), required=False)
    event = Relation(queryset=Event.objects.all())
    #: The original also shows the event's id as an attribute; the `event` relationship is how it is set.
    event_id = serializers.IntegerField(read_only=True)

    included_serializers = {"user": USER, "event": EVENT}

    class Meta:
        model = EmailNotification
        resource_name = "email-notification"
        collection = "email-notifications"
        fields = (
            "next_event",
            "new_paper",
            "session_accept_reject",
            "session_schedule",
            "after_ticket_purchase",
            "event_id",
            "user",
            "event",
        )
        validators = []
