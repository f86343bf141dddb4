"""What users do with an event, as the web client's models declare it on events, sessions and users.

Feedback, favourites, notifications and mail settings belong to one user: wherever they are included they show
only the rows their own endpoint lets the caller read (`services.readable_rows`: his own, staff all, and the
co-organizers of the event for feedback and favourites). The related routes are the nested lists. A session's
`favourite` is the caller's own favourite of it (`null` when none, or anonymous). An event's
`session-favourites` stays declared only: its rows hang on the event through its sessions, which the
relationship routes cannot follow yet (its related list is `/v1/events/<id>/user-favourite-sessions`).
"""

from django.db.models import Prefetch
from rest_framework.fields import SkipField

from eventyay.api.relations import Relation, included_segments

FEEDBACK = "engagement.serializers.FeedbackSerializer"
FAVOURITE = "engagement.serializers.UserFavouriteSessionSerializer"
NOTIFICATION = "engagement.serializers.NotificationSerializer"
EMAIL_NOTIFICATION = "engagement.serializers.EmailNotificationSerializer"


def favourites_of(user):
    from engagement.models import UserFavouriteSession
    from engagement.services import readable_rows

    return readable_rows(user, UserFavouriteSession.objects.all(), "session__event")


def callers_favourites(user):
    """The caller's own favourites, with what an include of them renders (his user, the session it hangs on)."""
    from engagement.models import UserFavouriteSession

    if not (user and user.is_authenticated):
        return UserFavouriteSession.objects.none()
    return UserFavouriteSession.objects.filter(user=user).select_related("user", "session")


class CallersFavourite(Relation):
    """A session's `favourite`: the caller's favourite of it, read from `callers_favourites` when preloaded."""

    def __init__(self, **kwargs):
        from engagement.models import UserFavouriteSession

        model = UserFavouriteSession  # `model` names the type for DJA and the schema
        super().__init__(read_only=True, source="*", related_model=model, model=model, **kwargs)

    def _compute_is_local_fk(self):
        return False

    def get_attribute(self, instance):
        if self.field_name not in included_segments(self.context.get("request")):
            raise SkipField
        return self.visible_target(instance)

    def skips_unless_included(self):
        return True  # as `get_attribute` above

    def visible_target(self, instance):
        rows = instance.__dict__.get("callers_favourites")
        if rows is None:
            request = self.context.get("request")
            rows = callers_favourites(getattr(request, "user", None)).filter(session=instance)
        return next(iter(rows), None)


def register():
    from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession
    from engagement.services import readable_rows
    from events.models import Session
    from events.serializers.event import EventSerializer
    from events.serializers.sessions import SessionSerializer
    from eventyay.api.includes import register_included_rows, register_preload
    from eventyay.users.serializers import UserSerializer

    register_included_rows(Feedback, lambda user: readable_rows(user, Feedback.objects.all(), "event"))
    register_included_rows(UserFavouriteSession, favourites_of)
    register_included_rows(Notification, lambda user: readable_rows(user, Notification.objects.all()))
    register_included_rows(EmailNotification, lambda user: readable_rows(user, EmailNotification.objects.all()))

    def many(model, source=None):
        return Relation(many=True, read_only=True, related_model=model, **({"source": source} if source else {}))

    for serializer in (EventSerializer, SessionSerializer, UserSerializer):
        serializer.contribute_relationship("feedbacks", many(Feedback), FEEDBACK)
    for serializer in (UserSerializer,):
        serializer.contribute_relationship("favourites", many(UserFavouriteSession, "favourite_sessions"), FAVOURITE)
        serializer.contribute_relationship("notifications", many(Notification), NOTIFICATION)
    for serializer in (EventSerializer, UserSerializer):
        serializer.contribute_relationship("email_notifications", many(EmailNotification), EMAIL_NOTIFICATION)
    SessionSerializer.contribute_relationship("favourites", many(UserFavouriteSession), FAVOURITE)
    SessionSerializer.contribute_relationship("favourite", CallersFavourite(), FAVOURITE)
    register_preload(
        Session,
        "favourite",
        lambda user, prefix: [Prefetch(f"{prefix}favourites", callers_favourites(user), to_attr="callers_favourites")],
    )
