"""Role invites: an organizer invites someone by e-mail; the invitee accepts with the token from the mail.

Accepting is the only way (besides event creation and import) that someone joins an event's team, and it goes
through `events.team`. Tokens are never stored or shown: the mail carries the token, the database its digest.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from events import team
from events.models import Role
from eventyay import errors
from eventyay.api import permissions as perms
from invites.models import INVITABLE_ROLES, RoleInvite, RoleInviteStatus, new_token, token_digest

Status = RoleInviteStatus


def normalise_email(email):
    return (email or "").strip().lower()


@transaction.atomic
def invite_to_role(inviter, event, role, email, role_name=None):
    """Record an invite of `email` to `role` on `event` and mail its token once the invite is saved.

    Organizers (and admins) invite; only the owner (or an admin) may invite a new owner, which withdraws any
    other pending owner invite of the event.
    """
    if not perms.has_event_role(inviter, event, perms.ORGANIZER):
        raise errors.Forbidden("Only the event's organizers may invite people to its team.")
    if role_name is not None and role_name != role.name:
        raise errors.DomainError("The role name does not match the role.", field="role_name")
    if role.name not in INVITABLE_ROLES:
        raise errors.DomainError(f"Nobody can be invited to the role '{role.name}'.", field="role")
    if role.name == "owner" and not perms.has_event_role(inviter, event, perms.OWNER):
        raise errors.Forbidden("Only the owner may invite a new owner.")
    email = normalise_email(email)
    open_invites = RoleInvite.objects.filter(event=event, email=email, role_name=role.name).exclude(
        status=Status.DECLINED
    )
    if open_invites.exists():
        raise errors.Conflict("A role invite has already been sent to this e-mail address for this role.")
    if role.name == "owner":
        RoleInvite.objects.filter(event=event, role_name="owner", status=Status.PENDING).delete()
    token, digest = new_token()
    invite = RoleInvite.objects.create(event=event, role=role, role_name=role.name, email=email, token_digest=digest)
    transaction.on_commit(lambda: send_invite_mail(invite, token))
    return invite


@transaction.atomic
def resend(user, invite):
    """Mail a pending invite again, with a new token (the old link stops working)."""
    if not perms.has_event_role(user, invite.event, perms.ORGANIZER):
        raise errors.Forbidden("Only the event's organizers may resend its invites.")
    if invite.status != Status.PENDING:
        raise errors.Conflict(f"This invite is {invite.status}; only pending invites are resent.")
    token, invite.token_digest = new_token()
    invite.save(update_fields=["token_digest"])
    transaction.on_commit(lambda: send_invite_mail(invite, token))
    return invite


def withdraw(user, invite):
    """Delete an invite that has not been accepted (an accepted one is the record of how someone joined)."""
    if not perms.has_event_role(user, invite.event, perms.ORGANIZER):
        raise errors.Forbidden("Only the event's organizers may withdraw its invites.")
    if invite.status == Status.ACCEPTED:
        raise errors.Conflict("You cannot delete an accepted role invite.")
    invite.delete()


def invite_for_token(token):
    if not isinstance(token, str) or not token:
        raise errors.DomainError("The invite's token is required.", field="token")
    invite = RoleInvite.objects.select_related("event", "role").filter(token_digest=token_digest(token)).first()
    if invite is None:
        raise errors.NotFound("Role invite not found.")
    return invite


@transaction.atomic
def accept(user, token):
    """The invitee, logged in with the invited e-mail address, joins the team in the invited role."""
    invite = invite_for_token(token)
    invite = RoleInvite.objects.select_for_update().select_related("event", "role").get(pk=invite.pk)
    if normalise_email(user.email) != invite.email:
        raise errors.Forbidden("This invite was sent to another e-mail address; log in with that one.")
    if invite.status != Status.PENDING:
        raise errors.Conflict(f"This role invite is already {invite.status}.")
    if invite.event.deleted_at is not None:
        raise errors.NotFound("The event of this invite no longer exists.")
    row = team.join_team(user, invite.event, invite.role_name)
    invite.status = Status.ACCEPTED
    invite.save(update_fields=["status"])
    if not user.is_verified:
        # The invitee proved the address by opening the mail.
        user.is_verified = True
        user.save(update_fields=["is_verified"])
    return invite, row


@transaction.atomic
def decline(user, token):
    invite = invite_for_token(token)
    if normalise_email(user.email) != invite.email:
        raise errors.Forbidden("This invite was sent to another e-mail address; log in with that one.")
    if invite.status != Status.PENDING:
        raise errors.Conflict(f"This role invite is already {invite.status}.")
    invite.status = Status.DECLINED
    invite.save(update_fields=["status"])
    return invite


def record_owner(event, user):
    """An event's creator is its owner by an accepted invite too, as in Open Event."""
    RoleInvite.objects.create(
        event=event,
        role=Role.named("owner"),
        role_name="owner",
        email=normalise_email(user.email),
        status=Status.ACCEPTED,
        token_digest=new_token()[1],
    )


def forget_invites_of(row):
    """A users-events-roles row was deleted: the invites that led to it go too (reference §3.14)."""
    email = normalise_email(row.user.email)
    RoleInvite.objects.filter(event_id=row.event_id, email=email, role_name=row.role.name).delete()


def invite_link(invite, token):
    """The web client's page that reads the token and accepts the invite."""
    return f"{settings.FRONTEND_URL.rstrip('/')}/e/{invite.event.identifier}/role-invites?token={token}"


def send_invite_mail(invite, token):
    role = invite.role.title_name or invite.role_name
    send_mail(
        subject=f"Invitation to be {role} at {invite.event.name}",
        message=(
            f"Hello,\n\nYou have been invited to be {role} at {invite.event.name}.\n"
            f"Accept the invitation here: {invite_link(invite, token)}\n\n"
            "If you did not expect this mail, ignore it.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invite.email],
    )
