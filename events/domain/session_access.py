"""Who sees and edits which sessions and speakers (reference §3.10, §3.12): visibility rules as querysets."""

from django.db.models import F, Q

from events.models import Event, Session, Speaker, UsersEventsRoles
from eventyay.api import permissions as perms
from eventyay.id_queries import IdListQuery


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


def managed_rows(user, queryset):
    """Event-scoped rows only their event's co-organizers (and staff) list: discount codes, Stripe accounts."""
    if perms.is_staff(user):
        return queryset
    if not _authenticated(user):
        return queryset.none()
    return queryset.filter(event__in=_managed_event_ids(user))


def trashed_visible_to(user, queryset, event=None):
    """Deleted rows are for staff and the co-organizers of their event."""
    if perms.is_staff(user) or (event is not None and is_coorganizer(user, event)):
        return queryset
    if not _authenticated(user):
        return queryset.filter(deleted_at__isnull=True)
    return queryset.filter(Q(deleted_at__isnull=True) | Q(event__in=_managed_event_ids(user)))


def _page_speakers(session_ids):
    # Speakers are read through an annotation, not link rows: one model instance per speaker row. The
    # deleted ones are dropped by the caller rather than in SQL, where a `deleted_at` condition makes
    # SQLite scan every speaker of the database instead of the page's links.
    return (
        Speaker.all_objects.filter(sessions__in=session_ids)
        .annotate(linked_session_id=F("sessions__id"))
        .order_by(*Speaker._meta.ordering)
    )


_page_speakers_query = IdListQuery(_page_speakers)


def attach_speakers(sessions):
    """Load the live speakers of a page of sessions in one query into each session's prefetch cache.

    Same result as `prefetch_related("speakers")`, without the queryset Django builds per row (a fifth
    of the time of a page of 100 sessions), and with the query compiled once per page size."""
    by_session = {session.pk: [] for session in sessions}
    for speaker in _page_speakers_query.instances(by_session):
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


def sees_speaker_private(user, speaker):
    """A speaker's contact fields (`SpeakerSerializer.private_fields`) are for the speaker's own user, the
    event's co-organizers and up, and staff; the original showed them to everyone (docs/compatibility.md).
    One query per request for a logged-in caller who is neither (the events he manages, cached on him)."""
    if not _authenticated(user):
        return False
    if perms.is_staff(user) or speaker.user_id == user.pk:
        return True
    managed = user.__dict__.get("_managed_event_ids")
    if managed is None:
        managed = user.__dict__["_managed_event_ids"] = frozenset(
            _managed_event_ids(user).values_list("event_id", flat=True)
        )
    return speaker.event_id in managed


def may_edit_speaker(user, speaker):
    """Admin, co-organizer, or the speaker's own user (not anyone sharing an email, §9.1)."""
    if not _authenticated(user):
        return False
    return speaker.user_id == user.pk or is_coorganizer(user, speaker.event)


def may_link_session(user, session):
    """A speaker profile may be attached to the caller's own submissions, or to any by a co-organizer."""
    return session.creator_id == user.pk or is_coorganizer(user, session.event)
