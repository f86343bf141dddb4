"""Sessions and speakers (reference §3.10, §3.12): the state machine, the rules of a write, the state mail.

`check_session_write_rules` / `check_speaker_write_rules` are the rules of one write (the API's serializers
call them from `validate`, the importer and jobs alike); `create_session` / `update_session` store it, and
`update_session` mails a state change after commit when asked. `change_state` is the state machine as one
call (admin actions, jobs). Failures raise domain errors (`eventyay.errors`), or Django's `ValidationError`
for several fields at once.
"""

import logging

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from events import session_mails
from events.domain.session_access import is_coorganizer, is_organizer, may_link_session, may_read_session
from events.models import Session, Speaker
from events.signals import validate_submission
from eventyay.api import permissions as perms
from eventyay.errors import Conflict, Forbidden, NotFound
from eventyay.ids import as_id
from eventyay.writes import merged

logger = logging.getLogger(__name__)

State = Session.State

#: Open Event's transition tables: who may move a session from one state to which others.
ORGANIZER_TRANSITIONS = {
    State.DRAFT: (),
    State.PENDING: (State.WITHDRAWN, State.ACCEPTED, State.REJECTED, State.CONFIRMED),
    State.ACCEPTED: (State.PENDING, State.WITHDRAWN, State.REJECTED, State.CONFIRMED, State.CANCELED),
    State.CONFIRMED: (State.PENDING, State.WITHDRAWN, State.ACCEPTED, State.REJECTED, State.CANCELED),
    State.REJECTED: (State.PENDING, State.WITHDRAWN, State.ACCEPTED, State.CONFIRMED),
    State.CANCELED: (State.PENDING, State.WITHDRAWN, State.ACCEPTED, State.REJECTED, State.CONFIRMED),
    State.WITHDRAWN: (State.PENDING, State.WITHDRAWN, State.ACCEPTED, State.REJECTED, State.CANCELED),
}
SPEAKER_TRANSITIONS = {
    State.DRAFT: (State.PENDING,),
    State.PENDING: (State.WITHDRAWN,),
    State.ACCEPTED: (State.WITHDRAWN,),
    State.CONFIRMED: (State.WITHDRAWN,),
    State.REJECTED: (State.WITHDRAWN,),
    State.CANCELED: (State.WITHDRAWN,),
    State.WITHDRAWN: (),
}
#: States a non-organizer may create a session in (the speaker table starts from draft).
SPEAKER_CREATE_STATES = (State.DRAFT, State.PENDING)
#: Changes to these states mail the speakers and the owner when `send-email` is true.
MAILED_STATES = (State.ACCEPTED, State.REJECTED, State.CONFIRMED, State.CANCELED, State.WITHDRAWN)


def transition_tables():
    """The tables as `GET /v1/sessions/states` shows them: {"organizer": {from: {to: true}}, "speaker": ...}."""
    return {
        key: {str(source): {str(target): True for target in targets} for source, targets in table.items()}
        for key, table in (("organizer", ORGANIZER_TRANSITIONS), ("speaker", SPEAKER_TRANSITIONS))
    }


# ----------------------------------------------------------- submissions
def check_submission_allowed(user, event, kind="Sessions"):
    """POST of a session or speaker: the event must be visible (404) and accept submissions (403)."""
    if not perms.can_see_event(user, event):
        raise NotFound(f"Event: {event.pk} not found")
    if not event.is_sessions_speakers_enabled:
        raise Forbidden(f"{kind} are disabled for this Event")


def check_session_write(user, session, changes):
    """PATCH/DELETE of a session: locked sessions and the lock itself belong to organizers."""
    if is_organizer(user, session.event):
        return
    if session.is_locked:
        raise Forbidden("Locked sessions cannot be edited", field="is_locked")
    if "is_locked" in changes and bool(changes["is_locked"]) != session.is_locked:
        raise Forbidden("Only organizers may lock or unlock a session.", field="is_locked")


def check_state(user, event, session, new_state):
    """Refuse (403) a state the caller's transition table does not allow; `session` is None on create."""
    organizer = is_organizer(user, event)
    if session is None:
        if organizer or new_state in SPEAKER_CREATE_STATES:
            return
        raise Forbidden(f'You cannot create a session in state "{new_state}"', field="state")
    if new_state == session.state:
        return
    table = ORGANIZER_TRANSITIONS if organizer else SPEAKER_TRANSITIONS
    if new_state not in table.get(session.state, ()):
        raise Forbidden(f'You cannot change a session state from "{session.state}" to "{new_state}"', field="state")


def session_errors(event, attrs, instance=None):
    """Field rules of a session write: times in order, a future start on create, relations of the same event."""
    errors = {}
    values = merged(instance, attrs, ("starts_at", "ends_at"))
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    if instance is None and starts_at is not None and starts_at <= timezone.now():
        errors["starts_at"] = ["starts-at should be after current date-time"]
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = ["ends-at should be after starts-at"]
    errors.update(foreign_event_errors(event, attrs, ("track", "microlocation", "session_type", "speakers")))
    return errors


def foreign_event_errors(event, attrs, names):
    """`{name: [msg]}` for each relationship in `attrs` that points at another event's rows."""
    errors = {}
    for name in names:
        value = attrs.get(name)
        if value is None:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        if any(item.event_id != event.pk for item in items):
            errors[name] = [f"{name.replace('_', '-')} must belong to the same event."]
    return errors


# ------------------------------------------------------------------ speakers
def apply_speaker_email_rules(user, event, attrs, instance=None):
    """Who decides a speaker's email (reference §3.12): organizers may override it (no email) or set any;
    others always get their own. Changes `attrs` in place."""
    organizer = is_organizer(user, event)
    current_override = getattr(instance, "is_email_overridden", False)
    if "is_email_overridden" in attrs and bool(attrs["is_email_overridden"]) != current_override and not organizer:
        raise Forbidden("Organizer access required to override email", field="is_email_overridden")
    overridden = attrs.get("is_email_overridden", current_override)
    if overridden:
        attrs["email"] = None
    elif instance is None:
        if not organizer or not attrs.get("email"):
            attrs["email"] = user.email
    elif "email" in attrs and (not organizer or not attrs["email"]):
        attrs["email"] = user.email if not organizer else instance.email
    elif current_override and not instance.email:
        # Override switched off without a new address: fall back to the caller's.
        attrs["email"] = user.email


def check_speaker_email_free(event, email, instance=None):
    if not email:
        return
    taken = Speaker.objects.filter(event=event, email__iexact=email)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise Conflict("Speaker with this Email ID already exists", field="email")


def check_linked_sessions(user, event, sessions):
    """Sessions named on a speaker write: the caller's own (or co-organizer) (404), of the same event (422)."""
    for session in sessions or ():
        if not may_link_session(user, session):
            raise NotFound(f"Session: {session.pk} not found")
    return foreign_event_errors(event, {"sessions": list(sessions or ())}, ("sessions",))


# --------------------------------------------------------------------- mails
def stamp_submission(attrs, instance=None):
    """Record when a session was first submitted (moved to pending)."""
    if attrs.get("state") == State.PENDING and not getattr(instance, "submitted_at", None):
        attrs.setdefault("submitted_at", timezone.now())


def notify_state_change(session):
    """The automatic mail of a state change (`send-email: true`): the template of the new state."""
    try:
        return session_mails.send_session_mail(session)
    except session_mails.MailNotSent:
        return 0  # the change itself stands; the failure is logged


def session_for_notify(user, pk):
    """`POST /sessions/<id>/notify`: the session, if the caller may read it (404) and organizes its event (403)."""
    session = Session.objects.select_related("event").filter(pk=as_id(pk)).first()
    if session is None or not perms.can_see_event(user, session.event) or not may_read_session(user, session):
        raise NotFound(f"Session '{pk}' not found.")
    if not is_coorganizer(user, session.event):
        raise Forbidden("Only the event's organizers may mail its speakers.")
    return session


# --------------------------------------------------------------------- writes
def check_session_write_rules(user, event, attrs, instance=None):
    """Every rule of a session create (`instance` None) or change; adjusts `attrs` as Open Event does (a new
    session starts as a draft, speakers cannot place it in a room, the first submission is stamped)."""
    if instance is None:
        attrs.setdefault("state", State.DRAFT)
    else:
        check_session_write(user, instance, attrs)
    if "state" in attrs:
        check_state(user, event, instance, attrs["state"])
    if "microlocation" in attrs and not is_coorganizer(user, event):
        attrs.pop("microlocation")  # Open Event drops it silently for speakers.
    errors = session_errors(event, attrs, instance)
    if errors:
        raise ValidationError(errors)
    errors = validate_submission("session", event, attrs, instance, user)
    if errors:
        raise ValidationError(errors)
    stamp_submission(attrs, instance)
    return attrs


def check_speaker_write_rules(user, event, attrs, instance=None):
    """Every rule of a speaker create or change: who sets the e-mail, linked sessions, form rules, one e-mail."""
    apply_speaker_email_rules(user, event, attrs, instance)
    if "sessions" in attrs:
        errors = check_linked_sessions(user, event, attrs["sessions"])
        if errors:
            raise ValidationError(errors)
    errors = validate_submission("speaker", event, attrs, instance, user)
    if errors:
        raise ValidationError(errors)
    if "email" in attrs:
        check_speaker_email_free(event, attrs["email"], instance)
    return attrs


def _to_many(instance, name):
    try:
        return instance._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


def _store(instance, values):
    """Set plain fields, save, then set to-many relations (as a model form would)."""
    many = {name: values.pop(name) for name in list(values) if _to_many(instance, name)}
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    return instance


def create_session(values):
    """Store a session whose write passed `check_session_write_rules` (`send_email` has no meaning here)."""
    values = dict(values)
    values.pop("send_email", None)
    return _store(Session(), values)


def update_session(session, values, send_email=False):
    """Store a checked change; a new mailed state is told to the speakers once the change commits."""
    old_state = session.state
    _store(session, dict(values))
    if send_email and session.state != old_state and session.state in MAILED_STATES:
        # Only once the change is committed: a rolled-back write must not have told the speakers.
        transaction.on_commit(lambda: notify_state_change(session))
    return session


def change_state(user, session, new_state, send_email=False):
    """The state machine as one call: the caller's transition table, then the change and its mail."""
    with transaction.atomic():
        changes = {"state": new_state}
        check_session_write_rules(user, session.event, changes, session)
        return update_session(session, changes, send_email=send_email)
