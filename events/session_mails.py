"""The mails about a session's state: the templates (`GET /v1/sessions/mails`), and sending them.

Both the automatic mail of a state change (`send-email: true` on a PATCH) and an organizer's
`POST /v1/sessions/<id>/notify` go through `send_session_mail`, so speakers get the same text either way.
Templates hold `{session_name}`, `{event_name}` and `{session_link}`; they are replaced by plain string
substitution (never `str.format`, which would let a message reach into Python objects).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.html import escape, strip_tags

from events.models import Session, Speaker, UsersEventsRoles
from eventyay.errors import DomainError
from eventyay.html import clean_html

logger = logging.getLogger(__name__)

State = Session.State
SUBJECT_MAX = 250
MESSAGE_MAX = 5000
BCC_MAX = 10

_GREETING = "Hello,<br/><br/>"
_SIGNATURE = "<br/><br/>Visit {session_link} to see your submission.<br/><br/>Best regards,<br/>The {event_name} team"

#: state → the mail speakers get when their session reaches it. Messages are HTML with `<br/>` line breaks,
#: as Open Event's web client edits them.
TEMPLATES = {
    State.DRAFT: {
        "subject": "Your submission '{session_name}' for {event_name} is a draft",
        "message": _GREETING + "Your submission '{session_name}' for {event_name} is saved as a draft. "
        "Submit it when it is ready." + _SIGNATURE,
    },
    State.PENDING: {
        "subject": "We received your submission '{session_name}' for {event_name}",
        "message": _GREETING + "Thank you for submitting '{session_name}' to {event_name}. "
        "We will let you know once it has been reviewed." + _SIGNATURE,
    },
    State.ACCEPTED: {
        "subject": "Accepted! Your submission '{session_name}' for {event_name}",
        "message": _GREETING + "Congratulations: your submission '{session_name}' has been accepted for "
        "{event_name}. Please confirm that you can give it." + _SIGNATURE,
    },
    State.CONFIRMED: {
        "subject": "Confirmed: '{session_name}' at {event_name}",
        "message": _GREETING + "Your session '{session_name}' at {event_name} is confirmed. "
        "We look forward to seeing you." + _SIGNATURE,
    },
    State.REJECTED: {
        "subject": "Your submission '{session_name}' for {event_name}",
        "message": _GREETING + "Thank you for submitting '{session_name}' to {event_name}. We are sorry that "
        "we could not include it in this year's programme." + _SIGNATURE,
    },
    State.CANCELED: {
        "subject": "Canceled: '{session_name}' at {event_name}",
        "message": _GREETING + "The session '{session_name}' at {event_name} has been canceled." + _SIGNATURE,
    },
    State.WITHDRAWN: {
        "subject": "Withdrawn: '{session_name}' at {event_name}",
        "message": _GREETING + "The submission '{session_name}' for {event_name} has been withdrawn." + _SIGNATURE,
    },
}


class MailNotSent(Exception):
    """The mail server refused or could not be reached."""


def templates():
    return {str(state): dict(text) for state, text in TEMPLATES.items()}


def _fill(text, session, escape_values):
    base = settings.FRONTEND_URL.rstrip("/")
    values = {
        "{session_name}": session.title,
        "{event_name}": session.event.name,
        "{session_link}": f"{base}/events/{session.event.identifier}/sessions/{session.pk}",
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, escape(value) if escape_values else value)
    return text


def recipients(session):
    """The session's speakers (unless their address is overridden) and the event's owner."""
    addresses = {s.email for s in session.speakers.all() if s.email and not s.is_email_overridden}
    owner = session.event.owner
    if owner is not None and owner.email:
        addresses.add(owner.email)
    return sorted(addresses)


def allowed_copies(event):
    """Addresses a copy (bcc) of a session mail may go to: the event's speakers and its team, lower-cased."""
    speakers = Speaker.objects.filter(event=event, deleted_at__isnull=True).values_list("email", flat=True)
    team = UsersEventsRoles.objects.filter(event=event).values_list("user__email", flat=True)
    return {address.strip().lower() for address in [*speakers, *team] if address}


def check_copies(session, bcc):
    """A session mail is copied only to the event's speakers and team (422 naming the first stranger), so the
    notify route cannot mail any text to any address."""
    if not bcc:
        return
    allowed = allowed_copies(session.event)
    for address in bcc:
        if address.strip().lower() not in allowed:
            raise DomainError(
                f"{address} is neither a speaker nor a team member of this event; copies go to them only.",
                field="bcc",
            )


def send_session_mail(session, subject=None, message=None, bcc=()):
    """Mail the session's state to its speakers and the owner; returns how many addresses it went to.

    `subject`/`message` default to the template of the session's state. The message is HTML: it is
    sanitized like any rich text and sent with a plain-text alternative."""
    check_copies(session, bcc)
    template = TEMPLATES.get(session.state, TEMPLATES[State.PENDING])
    to = recipients(session)
    if not to and not bcc:
        return 0
    subject = _fill(subject or template["subject"], session, escape_values=False)
    html = clean_html(_fill(message or template["message"], session, escape_values=True))
    mail = EmailMultiAlternatives(
        " ".join(subject.split()),  # no header injection through line breaks
        strip_tags(html.replace("<br/>", "\n").replace("<br>", "\n")),
        settings.DEFAULT_FROM_EMAIL,
        to,
        bcc=list(bcc),
    )
    mail.attach_alternative(html, "text/html")
    try:
        mail.send(fail_silently=False)
    except OSError as exc:
        logger.warning("Could not mail session %s about its state", session.pk, exc_info=True)
        raise MailNotSent(str(exc)) from exc
    Session.objects.filter(pk=session.pk).update(is_mail_sent=True)
    session.is_mail_sent = True
    return len(to) + len(bcc)
