"""One seeded world for the contract tests: an event with one of everything, every role, and a second event."""

from types import SimpleNamespace

from tests.factories.content import (
    CustomPlaceholderFactory,
    EventCopyrightFactory,
    ExhibitorFactory,
    FaqFactory,
    PageFactory,
    TagFactory,
)
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.engagement import (
    EmailNotificationFactory,
    FeedbackFactory,
    NotificationFactory,
    UserFavouriteSessionFactory,
)
from tests.factories.events import (
    EventFactory,
    EventSubTopicFactory,
    EventTopicFactory,
    EventTypeFactory,
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakerFactory,
    SpeakersCallFactory,
    SponsorFactory,
    TicketFactory,
    TrackFactory,
    grant,
)
from tests.factories.forms import CustomFormFactory
from tests.factories.invites import SpeakerInviteFactory, invite_with_token
from tests.factories.payments import StripeAuthorizationFactory
from tests.factories.transfers import ExportJobFactory, ImportJobFactory
from tests.factories.users import AdminFactory, SuperAdminFactory, UserFactory

#: The roles of the permission matrix, in the order the docs show them.
ROLES = (
    "anonymous",
    "user",
    "attendee",
    "track_organizer",
    "coorganizer",
    "organizer",
    "owner",
    "admin",
    "super_admin",
)
EVENT_ROLES = ("track_organizer", "coorganizer", "organizer", "owner")


def event_parts(event):
    """One of each part of an event; returns them by collection name."""
    topic = EventTopicFactory()
    event.event_type = EventTypeFactory()
    event.event_topic = topic
    event.event_sub_topic = EventSubTopicFactory(event_topic=topic)
    event.save()
    ticket = TicketFactory(event=event)
    room = MicrolocationFactory(event=event)
    track = TrackFactory(event=event)
    session_type = SessionTypeFactory(event=event)
    speaker = SpeakerFactory(event=event)
    session = SessionFactory(event=event, track=track, microlocation=room, session_type=session_type)
    session.speakers.add(speaker)
    return {
        "tickets": ticket,
        "microlocations": room,
        "tracks": track,
        "session-types": session_type,
        "speakers": speaker,
        "sessions": session,
        "sponsors": SponsorFactory(event=event),
        "social-links": SocialLinkFactory(event=event),
        "speakers-calls": SpeakersCallFactory(event=event),
        "discount-codes": TicketCodeFactory(event=event, tickets=[ticket]),
        "custom-forms": CustomFormFactory(event=event),
        "event-types": event.event_type,
        "event-topics": topic,
        "event-sub-topics": event.event_sub_topic,
    }


def build_world():
    """The seeded data both the fuzzer and the permission matrix walk."""
    event = EventFactory(can_pay_by_stripe=True)
    other = EventFactory()
    draft = EventFactory(state="draft")
    users = {"anonymous": None, "user": UserFactory(), "admin": AdminFactory(), "super_admin": SuperAdminFactory()}
    users["attendee"] = UserFactory()
    grant(users["attendee"], other, "attendee")
    for role in EVENT_ROLES:
        users[role] = UserFactory()
        grant(users[role], event, role)
    grant(users["owner"], draft, "owner")
    parts = event_parts(event)
    other_parts = event_parts(other)
    parts["stripe-authorizations"] = StripeAuthorizationFactory(event=event)
    parts["users-events-roles"] = event.user_roles.get(user=users["track_organizer"])
    parts["import-jobs"] = ImportJobFactory(user=users["organizer"], event=event)
    parts["export-jobs"] = ExportJobFactory(user=users["organizer"], event=event)
    parts["event-codes"] = EventCodeFactory(events=[event])
    parts["role-invites"], parts["role-invites"].token = invite_with_token(event=event, email="invitee@example.org")
    parts["event-copyrights"] = EventCopyrightFactory(event=event)
    parts["faqs"] = FaqFactory(event=event)
    parts["faq-types"] = parts["faqs"].faq_type
    parts["exhibitors"] = ExhibitorFactory(event=event)
    parts["feedbacks"] = FeedbackFactory(user=users["user"], event=event)
    parts["user-favourite-sessions"] = UserFavouriteSessionFactory(user=users["user"], session=parts["sessions"])
    parts["notifications"] = NotificationFactory(user=users["user"])
    parts["email-notifications"] = EmailNotificationFactory(user=users["user"], event=event)
    parts["tags"] = TagFactory(event=event)
    parts["pages"] = PageFactory()
    parts["custom-placeholders"] = CustomPlaceholderFactory()
    parts["speaker-invites"] = SpeakerInviteFactory(session=parts["sessions"], email="cospeaker@example.org")
    return SimpleNamespace(event=event, other=other, draft=draft, users=users, parts=parts, other_parts=other_parts)
