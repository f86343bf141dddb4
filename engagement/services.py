"""Rules of feedback, favourites and mail preferences; the caller acts for himself only."""

import math

from django.db import transaction
from django.db.models import Q

from engagement.models import EmailNotification, Feedback, UserFavouriteSession
from events import services_sessions as session_rules
from eventyay import errors
from eventyay.api import permissions as perms

MIN_RATING, MAX_RATING = 1, 5


def readable_rows(user, queryset, event_path=None):
    """Rows of a user's own things the caller may read: staff all, anyone his own, and where `event_path` is
    given (feedback, favourites) the co-organizers of the row's event. Wherever they are included, the same
    rule as the rows themselves (`OwnedViewSet`)."""
    if perms.is_staff(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    allowed = Q(user=user)
    if event_path is not None:
        from events.models import UsersEventsRoles

        managed = UsersEventsRoles.objects.filter(user=user, role__name__in=perms.CO_ORGANIZER).values("event_id")
        allowed |= Q(**{f"{event_path}__in": managed})
    return queryset.filter(allowed)


def check_rating(rating):
    if rating is None or not math.isfinite(rating) or not MIN_RATING <= rating <= MAX_RATING:
        raise errors.DomainError(f"The rating must be between {MIN_RATING} and {MAX_RATING}.", field="rating")


@transaction.atomic
def give_feedback(user, rating, comment=None, event=None, session=None):
    """Feedback on exactly one of an event (any user who may see it) or a session (its event's co-organizers)."""
    if (event is None) == (session is None):
        raise errors.DomainError("Give feedback on either an event or a session.", field="session")
    check_rating(rating)
    if session is not None:
        if event is not None and event.pk != session.event_id:
            raise errors.DomainError("The session belongs to another event.", field="session")
        if not perms.has_event_role(user, session.event, perms.CO_ORGANIZER):
            raise errors.Forbidden("Only the event's co-organizers review its sessions.")
        event = session.event
        clash = Feedback.objects.filter(user=user, session=session)
    else:
        clash = Feedback.objects.filter(user=user, event=event, session__isnull=True)
    if clash.exists():
        raise errors.Conflict("You have already given feedback on this; change that one instead.")
    return Feedback.objects.create(user=user, event=event, session=session, rating=rating, comment=comment)


def change_feedback(user, feedback, rating=None, comment=None, comment_sent=False):
    if feedback.user_id != user.pk:
        raise errors.Forbidden("Only its author may change a feedback.")
    if rating is not None:
        check_rating(rating)
        feedback.rating = rating
    if comment_sent:
        feedback.comment = comment
    feedback.save()
    return feedback


def favourite(user, session):
    if not session_rules.may_read_session(user, session):
        raise errors.NotFound("Session not found.")
    if UserFavouriteSession.objects.filter(user=user, session=session).exists():
        raise errors.Conflict("This session is already a favourite.")
    return UserFavouriteSession.objects.create(user=user, session=session)


def set_mail_preferences(user, event, **flags):
    if EmailNotification.objects.filter(user=user, event=event).exists():
        raise errors.Conflict("You already have mail settings for this event; change those.")
    return EmailNotification.objects.create(user=user, event=event, **flags)
