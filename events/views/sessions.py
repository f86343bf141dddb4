"""Sessions and speakers (reference §3.10, §3.12): who sees which, who writes which."""

from django.db.models import Q
from rest_framework import exceptions
from rest_framework import serializers as drf
from rest_framework.response import Response

from events import session_mails
from events.domain import session_access, sessions
from events.models import Session, Speaker
from events.programme_cache import ProgrammeReadCache
from events.serializers.sessions import SessionSerializer, SpeakerSerializer
from eventyay.api.plain import FixedJSONView, PlainJSONView
from eventyay.api.relations import include_paths
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import STRING, SUCCESS, json_body, obj
from eventyay.api.viewsets import ResourceViewSet
from eventyay.users.throttles import NotifyThrottle


@plain_schema(
    get=operation(None, obj({"organizer": {"type": "object"}, "speaker": {"type": "object"}}), errors=()),
)
class SessionStatesView(FixedJSONView):
    """`GET /v1/sessions/states`: the transition tables as plain JSON."""

    authentication_classes = []

    def get(self, request):
        return Response(sessions.transition_tables())


@plain_schema(
    get=operation(
        None,
        {"type": "object", "additionalProperties": obj({"subject": STRING, "message": STRING})},
        errors=(),
        summary="Mail templates per session state; `{session_name}`, `{event_name}`, `{session_link}` "
        "are filled in when a mail is sent.",
    ),
)
class SessionMailsView(PlainJSONView):
    """`GET /v1/sessions/mails`: the mail templates per session state, as the web client's notify dialog reads them."""

    def get(self, request):
        return Response(session_mails.templates())


class NotifySerializer(drf.Serializer):
    subject = drf.CharField(max_length=session_mails.SUBJECT_MAX, required=False, allow_blank=True)
    message = drf.CharField(max_length=session_mails.MESSAGE_MAX, required=False, allow_blank=True)
    bcc = drf.ListField(child=drf.EmailField(), max_length=session_mails.BCC_MAX, required=False, default=list)


@plain_schema(
    post=operation(
        json_body(
            obj(
                {
                    "subject": {"type": "string", "maxLength": 250},
                    "message": {"type": "string", "maxLength": 5000},
                    "bcc": {"type": "array", "maxItems": 10, "items": {"type": "string", "format": "email"}},
                }
            )
        ),
        SUCCESS,
        errors=(401, 403, 404, 422, 429, 503),
        summary="Mail the session's state to its speakers and the event's owner (organizers only).",
    ),
)
class SessionNotifyView(PlainJSONView):
    """`POST /v1/sessions/<id>/notify`: an organizer mails the session's state to its speakers and the owner
    (copies only to the event's speakers and team; `NOTIFY_THROTTLE_RATE` per user)."""

    throttle_classes = [NotifyThrottle]

    def post(self, request, pk):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        session = sessions.session_for_notify(request.user, pk)
        body = NotifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            session_mails.send_session_mail(session, **body.validated_data)
        except session_mails.MailNotSent:
            raise MailServerUnavailable() from None
        return Response({"success": True})


class MailServerUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The mail server could not be reached; nothing was sent. Try again later."
    default_code = "mail_unavailable"


class TrashAwareViewSet(ResourceViewSet):
    """Deleted rows, when asked for by someone allowed (see the base viewset), only where they may see them."""

    def restrict_trashed(self, queryset):
        if self.wants_trashed:
            return session_access.trashed_visible_to(self.request.user, queryset, self.parent_event)
        return queryset


class SessionViewSet(ProgrammeReadCache, TrashAwareViewSet):
    """Lists show the public (accepted/confirmed) sessions, all of them to organizers, and the caller's own."""

    queryset = Session.objects.all()
    serializer_class = SessionSerializer
    parent_lookups = {
        "event_id": "event",
        "track_id": "track",
        "session_type_id": "session_type",
        "microlocation_id": "microlocation",
        "speaker_id": "speakers",
        "user_id": "creator",
    }

    @property
    def parent_filter(self):
        if self.parent is not None and self.parent[0] == "user_id":
            # The user's submissions and the sessions they speak at (Open Event meant this, §9.12).
            user = self.parent[2]
            return Q(creator=user) | Q(pk__in=session_access.own_session_ids(user))
        return super().parent_filter

    def check_parent_permissions(self, parent, event):
        if isinstance(parent, Speaker) and not self._speaker_readable(parent):
            raise exceptions.NotFound(f"Speaker '{parent.pk}' not found.")

    def _speaker_readable(self, speaker):
        user = self.request.user
        return session_access.speakers_visible_to(user, Speaker.objects.filter(pk=speaker.pk), speaker.event).exists()

    def restrict_queryset(self, queryset):
        queryset = self.restrict_trashed(queryset)
        return session_access.sessions_visible_to(self.request.user, queryset, self.parent_event)

    def includes_loaded_per_page(self):
        """On lists, `include=speakers` is loaded per page by `attach_speakers` (cheaper than a prefetch,
        whose queryset alone cost a fifteenth of the page). The speakers of sessions the caller may read
        are speakers they may read, so no rows are lost; a path through speakers (`speakers.sessions`)
        takes the prefetch."""
        paths = include_paths(self.request)
        deeper = any(path[0] == "speakers" and len(path) > 1 for path in paths)
        return frozenset({"speakers"}) if ("speakers",) in paths and not deeper else frozenset()

    def load_per_page(self, page, names):
        session_access.attach_speakers(page)

    def check_write_permission(self, obj, event):
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not session_access.may_edit_session(user, obj):
            raise exceptions.PermissionDenied(
                "Only admins, co-organizers, the creator and speakers may change a session."
            )
        if self.request.method == "DELETE":
            sessions.check_session_write(user, obj, {})

    def check_create_permission(self, validated_data):
        """Checked in the serializer (the event must be visible and accept submissions)."""

    def perform_create(self, serializer):
        serializer.save(creator=self.request.user)


class SpeakerViewSet(ProgrammeReadCache, TrashAwareViewSet):
    """Public speaker lists hold the speakers of public sessions; organizers see all, users their own."""

    queryset = Speaker.objects.all()
    serializer_class = SpeakerSerializer
    parent_lookups = {"event_id": "event", "session_id": "sessions", "user_id": "user"}

    def check_parent_permissions(self, parent, event):
        if isinstance(parent, Session) and not session_access.may_read_session(self.request.user, parent):
            raise exceptions.NotFound(f"Session '{parent.pk}' not found.")

    def restrict_queryset(self, queryset):
        queryset = self.restrict_trashed(queryset)
        if self.parent is not None and isinstance(self.parent[2], Session):
            return queryset  # The session is readable, so are its speakers.
        return session_access.speakers_visible_to(self.request.user, queryset, self.parent_event)

    def check_write_permission(self, obj, event):
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not session_access.may_edit_speaker(user, obj):
            raise exceptions.PermissionDenied("Only admins, co-organizers and the speaker may change a speaker.")

    def check_create_permission(self, validated_data):
        """Checked in the serializer (the event must be visible and accept submissions)."""

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)
