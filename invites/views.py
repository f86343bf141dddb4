"""Role invites: organizers invite and withdraw, co-organizers list, the invitee reads his own and accepts.

Token routes (`/v1/role_invites/user`, `/v1/role_invites/accept-invite`) are plain JSON, as in Open Event.
"""

from django.db.models import Q
from rest_framework import exceptions
from rest_framework.response import Response

from events.domain.session_access import managed_rows
from eventyay import errors
from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import PlainOperation
from eventyay.api.viewsets import ResourceViewSet, refuse
from eventyay.ids import as_id
from invites import services
from invites.models import RoleInvite
from invites.serializers import RoleInviteSerializer


def require_login(user):
    if not (user and user.is_authenticated):
        raise exceptions.NotAuthenticated()


class NoChangesMixin:
    """An invite is sent, resent, accepted or withdrawn; never edited (405, as in Open Event)."""

    partial_update = refuse()
    update_relationship = refuse()
    add_to_relationship = refuse()
    remove_from_relationship = refuse()


class RoleInviteViewSet(NoChangesMixin, ResourceViewSet):
    queryset = RoleInvite.objects.select_related("role")
    serializer_class = RoleInviteSerializer
    parent_lookups = {"event_id": "event", "role_id": "role"}
    write_roles = perms.ORGANIZER

    @property
    def parent_filter(self):
        """Under a role (`/v1/roles/<id>/role-invites`, any event): only the invites the caller may list."""
        q = super().parent_filter
        if q is not None and self.parent[0] == "role_id":
            return q & Q(pk__in=managed_rows(self.request.user, RoleInvite.objects.all()).values("pk"))
        return q

    def check_parent_permissions(self, parent, event):
        if event is None:  # a role: its invites are filtered to the caller's events
            require_login(self.request.user)
            return
        if not perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER):
            require_login(self.request.user)
            raise exceptions.PermissionDenied("Only co-organizers may see the event's invites.")

    def can_read_object(self, obj, event):
        user = self.request.user
        if perms.has_event_role(user, event, perms.CO_ORGANIZER):
            return True
        require_login(user)
        if services.normalise_email(user.email) == obj.email:
            return True
        raise exceptions.PermissionDenied("Only co-organizers and the invitee may see this invite.")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.invite_to_role(
            self.request.user, data["event"], data["role"], data["email"], data.get("role_name")
        )

    def perform_destroy(self, instance, permanent=True):
        services.withdraw(self.request.user, instance)


def plain(summary, request=None, response=None, errors_=(400, 404), login=False):
    """The OpenAPI operation of a plain-JSON POST."""
    spec = {
        "post": {
            "summary": summary,
            "tag": "role-invite",
            "request": request,
            "responses": {
                200: {"description": "", "content": {"application/json": {"schema": response or {"type": "object"}}}}
            },
            "errors": errors_,
            "login": login,
        }
    }
    return type("Described", (PlainOperation,), {"spec": spec})()


TOKEN_BODY = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"data": {"type": "object", "properties": {"token": {"type": "string"}}}},
                "required": ["data"],
            }
        }
    }
}


def token_from(request):
    data = request.data.get("data") if isinstance(request.data, dict) else None
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise errors.DomainError("Send the invite's token as data.token.", field="data/token")
    return token.strip()


class RoleInviteUserView(PlainJSONView):
    """`POST /v1/role_invites/user`: whom the invite with this token is for (the client's sign-up page asks)."""

    schema = plain(
        "The e-mail address an invite token was sent to.",
        TOKEN_BODY,
        {"type": "object", "properties": {"email": {"type": "string"}}},
        errors_=(400, 404, 422),
    )

    def post(self, request):
        return Response({"email": services.invite_for_token(token_from(request)).email})


class AcceptRoleInviteView(PlainJSONView):
    """`POST /v1/role_invites/accept-invite`: the logged-in invitee joins the team."""

    schema = plain(
        "Accept a role invite: the caller, logged in with the invited address, gets the role.",
        TOKEN_BODY,
        {
            "type": "object",
            "properties": {
                "email": {"type": "string"},
                "event": {"type": "integer"},
                "event_identifier": {"type": "string"},
                "name": {"type": "string", "nullable": True},
                "role": {"type": "string"},
            },
        },
        errors_=(400, 401, 403, 404, 409, 422),
        login=True,
    )

    def post(self, request):
        require_login(request.user)
        invite, row = services.accept(request.user, token_from(request))
        user = request.user
        name = " ".join(part for part in (user.first_name, user.last_name) if part) or None
        return Response(
            {
                "email": user.email,
                "event": invite.event_id,
                "event_identifier": invite.event.identifier,
                "name": name,
                "role": invite.role_name,
            }
        )


class ResendRoleInviteView(PlainJSONView):
    """`POST /v1/role-invites/<id>/resend-invite`: organizers mail a pending invite again."""

    schema = plain(
        "Mail a pending role invite again (with a new token).",
        None,
        {"type": "object", "properties": {"success": {"type": "boolean"}, "message": {"type": "string"}}},
        errors_=(401, 403, 404, 409),
        login=True,
    )

    def post(self, request, pk):
        require_login(request.user)
        invite = RoleInvite.objects.select_related("event", "role").filter(pk=as_id(pk))
        invite = invite.first()
        if invite is None or not perms.can_see_event(request.user, invite.event):
            raise errors.NotFound("Role invite not found.")
        services.resend(request.user, invite)
        return Response({"success": True, "message": "Invite resent successfully"})
