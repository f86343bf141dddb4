"""Each of these belongs to one user: he (and admins) reads and changes it; organizers read what concerns their
event (feedback, favourites of its sessions)."""

from django.db.models import Q
from django.http import Http404
from rest_framework import exceptions

from engagement import services
from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession
from engagement.serializers import (
    EmailNotificationSerializer,
    FeedbackSerializer,
    NotificationSerializer,
    UserFavouriteSessionSerializer,
)
from events.models import Event, Session
from eventyay.api import permissions as perms
from eventyay.api.viewsets import ResourceViewSet, refuse, resolve_event
from eventyay.users.models import User
from eventyay.writes import changed


def require_login(user):
    if not (user and user.is_authenticated):
        raise exceptions.NotAuthenticated()


class OwnedViewSet(ResourceViewSet):
    """Rows with a `user`: the top-level list shows the caller's own, `/v1/users/<id>/...` is for him and admins,
    the row itself for him, admins and (where `event_readers`) the co-organizers of its event."""

    event_readers = False

    def list(self, request, *args, **kwargs):
        require_login(request.user)
        return super().list(request, *args, **kwargs)

    def visible_queryset(self, queryset):
        return queryset.filter(user=self.request.user)

    def is_self_or_staff(self, user_id):
        user = self.request.user
        return perms.is_staff(user) or (user.is_authenticated and user.pk == user_id)

    def check_parent_permissions(self, parent, event):
        user = self.request.user
        allowed = (
            self.is_self_or_staff(parent.pk)
            if isinstance(parent, User)
            else self.event_readers and perms.has_event_role(user, event, perms.CO_ORGANIZER)
        )
        if not allowed:
            require_login(user)
            raise exceptions.PermissionDenied("Only the user himself, admins and the organizers may see these.")

    def can_read_object(self, obj, event):
        if self.is_self_or_staff(obj.user_id):
            return True
        if (
            self.event_readers
            and event is not None
            and perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER)
        ):
            return True
        require_login(self.request.user)
        raise exceptions.PermissionDenied("This belongs to another user.")

    def check_write_permission(self, obj, event):
        if not self.is_self_or_staff(obj.user_id):
            require_login(self.request.user)
            raise exceptions.PermissionDenied("Only the user himself (or an admin) may change this.")

    def check_create_permission(self, validated_data):
        user = self.request.user
        named = validated_data.get("user")
        if named is not None and named.pk != user.pk:
            raise exceptions.PermissionDenied("You can only create this for yourself.")
        event = validated_data.get("event")
        if event is not None and not perms.can_see_event(user, event):
            raise Http404("Event not found.")


class NoPatchMixin:
    partial_update = refuse()
    update_relationship = refuse()


class FeedbackViewSet(OwnedViewSet):
    queryset = Feedback.objects.all()
    serializer_class = FeedbackSerializer
    parent_lookups = {"event_id": "event", "session_id": "session", "user_id": "user"}
    event_readers = True

    def check_write_permission(self, obj, event):
        if self.request.method == "PATCH" and obj.user_id != getattr(self.request.user, "pk", None):
            require_login(self.request.user)
            raise exceptions.PermissionDenied("Only its author may change a feedback.")
        super().check_write_permission(obj, event)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.give_feedback(
            self.request.user, data["rating"], data.get("comment"), data.get("event"), data.get("session")
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        if {"event", "session", "user"} & set(data):
            raise exceptions.PermissionDenied("A feedback cannot be moved.")
        services.change_feedback(
            self.request.user, serializer.instance, data.get("rating"), data.get("comment"), "comment" in data
        )


class UserFavouriteSessionViewSet(NoPatchMixin, OwnedViewSet):
    queryset = UserFavouriteSession.objects.all()
    serializer_class = UserFavouriteSessionSerializer
    event_path = "session__event"
    parent_lookups = {"user_id": "user", "session_id": "session", "event_id": "session__event"}
    event_readers = True

    def _load_parent(self, path, ref):
        if path != "session__event":
            return super()._load_parent(path, ref)
        event = resolve_event(Event, ref)  # the base class would look for a session by this id
        if not perms.can_see_event(self.request.user, event):
            raise Http404("Event not found.")
        self.check_parent_permissions(event, event)
        return event

    def check_parent_permissions(self, parent, event):
        if isinstance(parent, Session):
            event = parent.event
        super().check_parent_permissions(parent, event)

    def perform_create(self, serializer):
        serializer.instance = services.favourite(self.request.user, serializer.validated_data["session"])


class NotificationViewSet(OwnedViewSet):
    """Made by the server (and admins); the user marks them read or deletes them."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    event_path = None
    parent_lookups = {"user_id": "user"}
    write_roles = None  # create: admins only

    def check_create_permission(self, validated_data):
        if not perms.is_staff(self.request.user):
            raise exceptions.PermissionDenied("Notifications are sent by the server and admins.")

    def perform_update(self, serializer):
        beyond_read = changed(serializer.instance, serializer.validated_data) - {"is_read"}
        if beyond_read and not perms.is_staff(self.request.user):
            raise exceptions.PermissionDenied("You may only mark your notifications read or unread.")
        serializer.save()


class EmailNotificationViewSet(OwnedViewSet):
    queryset = EmailNotification.objects.all()
    serializer_class = EmailNotificationSerializer
    parent_lookups = {"user_id": "user", "event_id": "event"}

    def check_parent_permissions(self, parent, event):
        if isinstance(parent, User):
            super().check_parent_permissions(parent, event)
        else:
            require_login(self.request.user)  # an event's: each caller lists his own settings for it

    @property
    def parent_filter(self):
        q = super().parent_filter
        if q is not None and self.parent[0] == "event_id":
            return q & Q(pk__in=services.readable_rows(self.request.user, EmailNotification.objects.all()).values("pk"))
        return q

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("user", None)
        event = data.pop("event")
        serializer.instance = services.set_mail_preferences(self.request.user, event, **data)

    def perform_update(self, serializer):
        if {"event", "user"} & changed(serializer.instance, serializer.validated_data):
            raise exceptions.PermissionDenied("Mail settings cannot be moved to another event or user.")
        serializer.save()
