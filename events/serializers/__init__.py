"""Serializers of the events app, one module per group of resources.

Names other modules refer to by dotted path (in `included_serializers`):
event.EventSerializer, event.EventTypeSerializer, event.EventTopicSerializer, event.EventSubTopicSerializer,
tickets.TicketSerializer, programme.{MicrolocationSerializer, TrackSerializer, SessionTypeSerializer,
SponsorSerializer, SocialLinkSerializer, SpeakersCallSerializer}, sessions.{SessionSerializer, SpeakerSerializer},
roles.{RoleSerializer, UsersEventsRolesSerializer}.
"""
