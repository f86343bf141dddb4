"""One row of each kind the apps above `events` hang on an event, its ticket, its session and a user.

Used by the include-query tests and the relationship tests: every relationship of the web client's models then
has something to show (or to hide).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from discounts.models import AccessCode
from payments.models import Tax
from tests.factories.content import EventCopyrightFactory, ExhibitorFactory, TagFactory
from tests.factories.discounts import TicketCodeFactory
from tests.factories.engagement import (
    EmailNotificationFactory,
    FeedbackFactory,
    NotificationFactory,
    UserFavouriteSessionFactory,
)
from tests.factories.invites import RoleInviteFactory, SpeakerInviteFactory
from tests.factories.sales import sold


def access_code(event, ticket, marketer=None):
    code = AccessCode.objects.create(
        event=event,
        code=f"ACCESS{AccessCode.objects.count()}",
        valid_from=timezone.now() - dt.timedelta(days=1),
        marketer=marketer,
    )
    code.tickets.add(ticket)
    return code


def app_rows(event, ticket, session, user):
    """`user` buys, holds the ticket, markets the codes, gives feedback, favourites and gets mail; returns the rows
    by relationship name."""
    order = sold(ticket, user=user)
    attendee = order.attendees.get()
    attendee.user = user
    attendee.save(update_fields=["user"])
    exhibitor = ExhibitorFactory(event=event)
    exhibitor.sessions.add(session)
    rows = {
        "orders": order,
        "attendees": attendee,
        "access-codes": access_code(event, ticket, marketer=user),
        "discount-codes": TicketCodeFactory(event=event, tickets=[ticket], marketer=user),
        "role-invites": RoleInviteFactory(event=event),
        "speaker-invites": SpeakerInviteFactory(session=session),
        "feedbacks": FeedbackFactory(user=user, event=event),
        "session-feedbacks": FeedbackFactory(user=user, session=session),
        "favourites": UserFavouriteSessionFactory(user=user, session=session),
        "notifications": NotificationFactory(user=user),
        "email-notifications": EmailNotificationFactory(user=user, event=event),
        "exhibitors": exhibitor,
        "tags": TagFactory(event=event),
    }
    if not Tax.objects.filter(event=event).exists():  # one of each per event
        rows["event-copyright"] = EventCopyrightFactory(event=event)
        rows["tax"] = Tax.objects.create(event=event, name="VAT", rate=Decimal("10"), tax_id="PRIVATE-TAX-ID")
    return rows
