"""Speaker invites: a session's speaker (or its creator, or an organizer) asks someone to co-speak.

The invitee accepts while logged in with the invited address, once he has a speaker profile in the event;
he then joins the session's speakers through `events.team`.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from events import services_sessions as session_rules
from events import team
from events.models import Speaker
from eventyay import errors
from invites.models import SpeakerInvite, SpeakerInviteStatus
from invites.services import normalise_email

Status = SpeakerInviteStatus


@transaction.atomic
def invite_speaker(inviter, event, session, email):
    if session.event_id != event.pk:
        raise errors.DomainError("The session belongs to another event.", field="session")
    if not session_rules.may_edit_session(inviter, session):
        raise errors.Forbidden("Only the session's speakers and the event's organizers may invite speakers.")
    email = normalise_email(email)
    if session.speakers.filter(email__iexact=email).exists():
        raise errors.Conflict("The invitee is already a speaker of this session.")
    if SpeakerInvite.objects.filter(session=session, email=email, status=Status.PENDING).exists():
        raise errors.Conflict("A speaker invite has already been sent to this e-mail address.")
    invite = SpeakerInvite.objects.create(event=event, session=session, email=email)
    inviter_email = inviter.email
    transaction.on_commit(lambda: send_invite_mail(invite, inviter_email))
    return invite


def may_manage(user, invite):
    return session_rules.may_edit_session(user, invite.session)


def withdraw(user, invite):
    if not may_manage(user, invite):
        raise errors.Forbidden("Only the session's speakers and the event's organizers may withdraw its invites.")
    if invite.status == Status.ACCEPTED:
        raise errors.Conflict("You cannot delete an accepted speaker invite.")
    invite.delete()


def _own_pending(user, invite):
    if normalise_email(user.email) != invite.email:
        raise errors.Forbidden("This invite was sent to another e-mail address; log in with that one.")
    if invite.status != Status.PENDING:
        raise errors.Conflict(f"This speaker invite is already {invite.status}.")


@transaction.atomic
def accept(user, invite):
    invite = SpeakerInvite.objects.select_for_update().select_related("session", "event").get(pk=invite.pk)
    _own_pending(user, invite)
    speaker = Speaker.objects.filter(event=invite.event, email__iexact=invite.email).order_by("id").first()
    if speaker is None:
        raise errors.NotFound("Create your speaker profile for this event first, then accept the invite.")
    team.add_speaker(invite.session, speaker)
    invite.status = Status.ACCEPTED
    invite.save(update_fields=["status"])
    return invite, speaker


@transaction.atomic
def reject(user, invite):
    invite = SpeakerInvite.objects.select_for_update().get(pk=invite.pk)
    _own_pending(user, invite)
    invite.status = Status.REJECTED
    invite.save(update_fields=["status"])
    return invite


def send_invite_mail(invite, inviter_email):
    link = f"{settings.FRONTEND_URL.rstrip('/')}/e/{invite.event.identifier}/cfs"
    send_mail(
        subject=f"Invitation to speak at {invite.event.name}",
        message=(
            f"Hello,\n\n{inviter_email} invites you to speak with them in the session "
            f"'{invite.session.title}' at {invite.event.name}.\n"
            f"Create your speaker profile and accept the invite here: {link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invite.email],
    )
