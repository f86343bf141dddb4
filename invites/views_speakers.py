"""Speaker invites: a session's speakers invite, the invitee reads his own and accepts or rejects.

Accept and reject answer GET as well as POST: the web client calls them with GET, as Open Event routed them.
"""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from events import services_sessions as session_rules
from events.models import Session
from eventyay import errors
from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import PlainOperation
from eventyay.api.viewsets import ResourceViewSet
from eventyay.ids import as_id
from invites import speakers as services
from invites.models import SpeakerInvite
from invites.serializers import SpeakerInviteSerializer
from invites.services import normalise_email
from invites.views import NoChangesMixin, require_login


class SpeakerInviteViewSet(NoChangesMixin, ResourceViewSet):
    queryset = SpeakerInvite.objects.select_related("session")
    serializer_class = SpeakerInviteSerializer
    parent_lookups = {"event_id": "event", "session_id": "session"}

    def list(self, request, *args, **kwargs):
        if self.parent is None and not perms.is_staff(request.user):
            require_login(request.user)
            raise exceptions.PermissionDenied("Admin access is required.")
        return super().list(request, *args, **kwargs)

    def check_parent_permissions(self, parent, event):
        user = self.request.user
        if isinstance(parent, Session):
            allowed = session_rules.may_edit_session(user, parent)
        else:
            allowed = perms.has_event_role(user, event, perms.CO_ORGANIZER)
        if not allowed:
            require_login(user)
            raise exceptions.PermissionDenied("Only the session's speakers and the organizers may see its invites.")

    def can_read_object(self, obj, event):
        user = self.request.user
        require_login(user)
        if services.may_manage(user, obj) or normalise_email(user.email) == obj.email:
            return True
        raise exceptions.PermissionDenied("Only the session's speakers, the organizers and the invitee may see it.")

    def check_write_permission(self, obj, event):
        require_login(self.request.user)  # who may withdraw: `speakers.withdraw`

    def check_create_permission(self, validated_data):
        event = validated_data["event"]
        if not perms.can_see_event(self.request.user, event):
            raise Http404("Event not found.")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.invite_speaker(self.request.user, data["event"], data["session"], data["email"])

    def perform_destroy(self, instance, permanent=True):
        services.withdraw(self.request.user, instance)


def described(summary, body):
    spec = {
        method: {
            "summary": summary,
            "tag": "speaker-invite",
            "responses": {200: {"description": "", "content": {"application/json": {"schema": body}}}},
            "errors": (401, 403, 404, 409),
            "login": True,
        }
        for method in ("get", "post")
    }
    return type("Described", (PlainOperation,), {"spec": spec})()


class InviteeActionView(PlainJSONView):
    def invite(self, request, pk):
        require_login(request.user)
        invite = SpeakerInvite.objects.select_related("event", "session").filter(pk=as_id(pk))
        invite = invite.first()
        if invite is None:
            raise errors.NotFound("Speaker invite not found.")
        return invite

    def post(self, request, pk):
        return self.get(request, pk)


class AcceptSpeakerInviteView(InviteeActionView):
    """`GET|POST /v1/speaker-invites/<id>/accept-invite`: the invitee joins the session's speakers."""

    schema = described(
        "Accept a speaker invite: the caller's speaker profile in the event joins the session.",
        {"type": "object", "properties": {"session": {"type": "integer"}, "speaker": {"type": "integer"}}},
    )

    def get(self, request, pk):
        invite, speaker = services.accept(request.user, self.invite(request, pk))
        user = request.user
        return Response(
            {
                "email": user.email,
                "event": invite.event_id,
                "event_identifier": invite.event.identifier,
                "session": invite.session_id,
                "speaker": speaker.pk,
                "name": " ".join(part for part in (user.first_name, user.last_name) if part) or None,
            }
        )


class RejectSpeakerInviteView(InviteeActionView):
    """`GET|POST /v1/speaker-invites/<id>/reject-invite`."""

    schema = described(
        "Reject a speaker invite.",
        {"type": "object", "properties": {"success": {"type": "boolean"}, "message": {"type": "string"}}},
    )

    def get(self, request, pk):
        services.reject(request.user, self.invite(request, pk))
        return Response({"success": True, "message": "Speaker invite rejected successfully"})
