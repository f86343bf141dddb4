"""Counts, each computed by one aggregate query whatever the size of the data."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from events.models import Event, EventTopic, EventType, Session, Speaker, Sponsor, UsersEventsRoles
from eventyay.users.models import User

State = Session.State
SESSION_STATES = (
    State.DRAFT,
    State.PENDING,
    State.ACCEPTED,
    State.CONFIRMED,
    State.REJECTED,
    State.CANCELED,
    State.WITHDRAWN,
)


def _counts_by_state(queryset, states, field="state"):
    return queryset.aggregate(**{state: Count("pk", filter=Q(**{field: state})) for state in states})


def event_general(event):
    """The organizer's dashboard: sessions per state (submitted = every non-draft), speakers, sponsors."""
    sessions = _counts_by_state(Session.objects.filter(event=event), SESSION_STATES)
    total = sum(sessions.values())
    has_session = Session.speakers.through.objects.filter(speaker=OuterRef("pk"), session__deleted_at__isnull=True)
    speakers = Speaker.objects.filter(event=event).aggregate(
        speakers=Count("pk"), without=Count("pk", filter=~Q(Exists(has_session)))
    )
    return {
        "identifier": event.identifier,
        **{f"sessions_{state}": sessions[state] for state in SESSION_STATES},
        "sessions_submitted": total - sessions[State.DRAFT],
        "sessions": total,
        "speakers": speakers["speakers"],
        "speaker_without_session": speakers["without"],
        "sponsors": Sponsor.objects.filter(event=event).count(),
    }


def admin_events():
    """Upcoming or running drafts and published events, and past events, as Open Event counts them."""
    current = Q(ends_at__gte=timezone.now()) | Q(ends_at__isnull=True)
    return Event.objects.aggregate(
        draft=Count("pk", filter=current & Q(state=Event.State.DRAFT)),
        published=Count("pk", filter=current & Q(state=Event.State.PUBLISHED)),
        past=Count("pk", filter=Q(ends_at__lt=timezone.now())),
    )


USER_ROLES = ("owner", "organizer", "coorganizer", "track_organizer", "attendee")


def admin_users():
    """Accounts by kind; a user counts once per event role he holds anywhere."""
    users = User.objects.filter(deleted_at__isnull=True).aggregate(
        super_admin=Count("pk", filter=Q(is_super_admin=True)),
        admin=Count("pk", filter=Q(is_admin=True, is_super_admin=False)),
        verified=Count("pk", filter=Q(is_verified=True)),
        unverified=Count("pk", filter=Q(is_verified=False)),
    )
    roles = UsersEventsRoles.objects.filter(user__deleted_at__isnull=True).aggregate(
        **{name: Count("user", distinct=True, filter=Q(role__name=name)) for name in USER_ROLES}
    )
    return {**users, **roles}


def admin_sessions():
    counts = _counts_by_state(Session.objects.all(), SESSION_STATES)
    return {**counts, "submitted": sum(counts.values()) - counts[State.DRAFT]}


def admin_mails():
    """eventyay keeps no log of sent mails, so there is nothing to count."""
    return {"one_day": 0, "three_days": 0, "seven_days": 0, "thirty_days": 0}


def admin_groups():
    """eventyay runs no groups."""
    return {"groups": 0, "group_events": 0, "followers": 0}


def events_per(catalogue_model):
    """`[{id, name, count}]`: live events per event type or topic, one grouped query."""
    rows = catalogue_model.objects.annotate(
        count=Count("events", filter=Q(events__deleted_at__isnull=True), distinct=True)
    ).values("id", "name", "count")
    return [dict(row) for row in rows.order_by("id")]


def events_per_type():
    return events_per(EventType)


def events_per_topic():
    return events_per(EventTopic)
