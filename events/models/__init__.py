from events.models.event import Event, EventQuerySet, generate_identifier
from events.models.programme import Microlocation, Session, SessionType, Speaker, SpeakersCall, Sponsor, Track
from events.models.roles import Role, UsersEventsRoles
from events.models.social import SocialLink
from events.models.taxonomy import EventSubTopic, EventTopic, EventType
from events.models.tickets import Ticket
from events.models.versions import ProgrammeVersion

__all__ = [
    "Event",
    "EventQuerySet",
    "EventSubTopic",
    "EventTopic",
    "EventType",
    "Microlocation",
    "ProgrammeVersion",
    "Role",
    "Session",
    "SessionType",
    "SocialLink",
    "Speaker",
    "SpeakersCall",
    "Sponsor",
    "Ticket",
    "Track",
    "UsersEventsRoles",
    "generate_identifier",
]
