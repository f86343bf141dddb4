"""Rules for sessions and speakers (reference §3.10, §3.12): the state machine, who may see and change what.

Plain functions of (user, objects) so views, jobs, commands and tests share them. Permission failures
raise DRF exceptions (403/404/409); rule failures return or raise `{field: [message]}` dicts (422).
"""

import logging

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions

from events import session_mails
from events.models import Event, Session, Speaker, UsersEventsRoles
from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict

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


# --------------------------------------------------------------------- roles
def is_organizer(user, event):
    """Owner, organizer or staff: the ones who use the organizer table and may edit locked sessions."""
    return perms.has_event_role(user, event, perms.ORGANIZER)


def is_coorganizer(user, event):
    return perms.has_event_role(user, event, perms.CO_ORGANIZER)


def _authenticated(user):
    return bool(user and user.is_authenticated)


def _managed_event_ids(user):
    return UsersEventsRoles.objects.filter(user=user, role__name__in=perms.CO_ORGANIZER).values("event_id")


def _speaker_match(user, prefix=""):
    """Speaker rows that are the user: their own, or (verified users only) carrying their email."""
    q = Q(**{f"{prefix}user": user})
    if user.is_verified and user.email:
        q |= Q(**{f"{prefix}email__iexact": user.email})
    return q


def own_session_ids(user):
    """Sessions the user created or speaks at (a subquery)."""
    through = Session.speakers.through.objects.filter(_speaker_match(user, "speaker__"))
    return Session.all_objects.filter(Q(creator=user) | Q(pk__in=through.values("session_id"))).values("pk")


# -------------------------------------------------------------- visibility
def sessions_visible_to(user, queryset, event=None):
    """Sessions the caller may read: public (accepted/confirmed) ones of visible events, every session of
    events they co-organize, and their own. `event` is a parent already checked to be visible."""
    if perms.is_staff(user):
        return queryset
    if event is not None and is_coorganizer(user, event):
        return queryset
    public = Q(state__in=Session.PUBLIC_STATES)
    if event is None:
        public &= Q(event__in=Event.objects.visible_to(user).values("pk"))
    if not _authenticated(user):
        return queryset.filter(public)
    allowed = public | Q(pk__in=own_session_ids(user))
    if event is None:
        allowed |= Q(event__in=_managed_event_ids(user))
    return queryset.filter(allowed)


def speakers_visible_to(user, queryset, event=None):
    """Speakers the caller may read: those of sessions the public may read, every speaker of events they
    co-organize, their own rows and the speakers of their own sessions."""
    if perms.is_staff(user):
        return queryset
    if event is not None and is_coorganizer(user, event):
        return queryset
    links = Session.speakers.through.objects.filter(
        session__state__in=Session.PUBLIC_STATES,
        session__deleted_at__isnull=True,
        session__event__in=Event.objects.visible_to(user).values("pk"),
    )
    public = Q(pk__in=links.values("speaker_id"))
    if not _authenticated(user):
        return queryset.filter(public)
    own_links = Session.speakers.through.objects.filter(session__creator=user)
    allowed = public | Q(user=user) | Q(pk__in=own_links.values("speaker_id"))
    if event is None:
        allowed |= Q(event__in=_managed_event_ids(user))
    return queryset.filter(allowed)


def trashed_visible_to(user, queryset, event=None):
    """Deleted rows are for staff and the co-organizers of their event."""
    if perms.is_staff(user) or (event is not None and is_coorganizer(user, event)):
        return queryset
    if not _authenticated(user):
        return queryset.filter(deleted_at__isnull=True)
    return queryset.filter(Q(deleted_at__isnull=True) | Q(event__in=_managed_event_ids(user)))


def attach_speakers(sessions):
    """Load the live speakers of a page of sessions in one query into each session's prefetch cache.

    Same result as `prefetch_related("speakers")`, without the queryset Django builds per row (a fifth
    of the time of a page of 100 sessions)."""
    by_session = {session.pk: [] for session in sessions}
    # Speakers are read through an annotation, not link rows: one model instance per speaker row. The
    # deleted ones are dropped here rather than in SQL, where a `deleted_at` condition makes SQLite scan
    # every speaker of the database instead of the page's links.
    speakers = (
        Speaker.all_objects.filter(sessions__in=list(by_session))
        .annotate(linked_session_id=F("sessions__id"))
        .order_by(*Speaker._meta.ordering)
    )
    for speaker in speakers:
        if speaker.deleted_at is None:
            by_session[speaker.linked_session_id].append(speaker)
    for session in sessions:
        cache = session.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["speakers"] = by_session[session.pk]
    return sessions


def may_read_session(user, session):
    if session.state in Session.PUBLIC_STATES:
        return True
    return may_edit_session(user, session)


def is_speaker_of(user, session):
    return _authenticated(user) and session.speakers.filter(_speaker_match(user)).exists()


def may_edit_session(user, session):
    """Admin, co-organizer, the creator, or one of its speakers (reference §3.10)."""
    if not _authenticated(user):
        return False
    if is_coorganizer(user, session.event) or session.creator_id == user.pk:
        return True
    return is_speaker_of(user, session)


def may_edit_speaker(user, speaker):
    """Admin, co-organizer, or the speaker's own user (not anyone sharing an email, §9.1)."""
    if not _authenticated(user):
        return False
    return speaker.user_id == user.pk or is_coorganizer(user, speaker.event)


def may_link_session(user, session):
    """A speaker profile may be attached to the caller's own submissions, or to any by a co-organizer."""
    return session.creator_id == user.pk or is_coorganizer(user, session.event)


# ----------------------------------------------------------- submissions
def check_submission_allowed(user, event, kind="Sessions"):
    """POST of a session or speaker: the event must be visible (404) and accept submissions (403)."""
    if not perms.can_see_event(user, event):
        raise Http404(f"Event: {event.pk} not found")
    if not event.is_sessions_speakers_enabled:
        raise exceptions.PermissionDenied(f"{kind} are disabled for this Event")


def check_session_write(user, session, changes):
    """PATCH/DELETE of a session: locked sessions and the lock itself belong to organizers."""
    if is_organizer(user, session.event):
        return
    if session.is_locked:
        raise exceptions.PermissionDenied({"is_locked": ["Locked sessions cannot be edited"]})
    if "is_locked" in changes and bool(changes["is_locked"]) != session.is_locked:
        raise exceptions.PermissionDenied({"is_locked": ["Only organizers may lock or unlock a session."]})


def check_state(user, event, session, new_state):
    """Refuse (403) a state the caller's transition table does not allow; `session` is None on create."""
    organizer = is_organizer(user, event)
    if session is None:
        if organizer or new_state in SPEAKER_CREATE_STATES:
            return
        raise exceptions.PermissionDenied({"state": [f'You cannot create a session in state "{new_state}"']})
    if new_state == session.state:
        return
    table = ORGANIZER_TRANSITIONS if organizer else SPEAKER_TRANSITIONS
    if new_state not in table.get(session.state, ()):
        raise exceptions.PermissionDenied(
            {"state": [f'You cannot change a session state from "{session.state}" to "{new_state}"']}
        )


def session_errors(event, attrs, instance=None):
    """Field rules of a session write: times in order, a future start on create, relations of the same event."""
    errors = {}
    starts_at = attrs.get("starts_at", getattr(instance, "starts_at", None))
    ends_at = attrs.get("ends_at", getattr(instance, "ends_at", None))
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
        raise exceptions.PermissionDenied({"is_email_overridden": ["Organizer access required to override email"]})
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
        raise Conflict({"email": ["Speaker with this Email ID already exists"]})


def check_linked_sessions(user, event, sessions):
    """Sessions named on a speaker write: the caller's own (or co-organizer) (404), of the same event (422)."""
    for session in sessions or ():
        if not may_link_session(user, session):
            raise Http404(f"Session: {session.pk} not found")
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
    session = Session.objects.select_related("event").filter(pk=pk if str(pk).isdigit() else None).first()
    if session is None or not perms.can_see_event(user, session.event) or not may_read_session(user, session):
        raise Http404(f"Session '{pk}' not found.")
    if not is_coorganizer(user, session.event):
        raise exceptions.PermissionDenied("Only the event's organizers may mail its speakers.")
    return session
