"""Routes for sessions and speakers (kept apart so they can grow on their own).

Included first by `events/urls.py`, so the nested lists here win over the generic
relationship routes of tracks, rooms, session types and users.
"""

from django.urls import path

from events.views.sessions import (
    SessionMailsView,
    SessionNotifyView,
    SessionStatesView,
    SessionViewSet,
    SpeakerViewSet,
)
from eventyay.api.routing import nested_list, relationship_urls, resource_urls

urlpatterns = [
    path("sessions/states", SessionStatesView.as_view(), name="sessions-states"),
    path("sessions/mails", SessionMailsView.as_view(), name="sessions-mails"),
    path("sessions/<str:pk>/notify", SessionNotifyView.as_view(), name="sessions-notify"),
    *resource_urls("sessions", SessionViewSet, list_=False),
    *resource_urls("speakers", SpeakerViewSet, list_=False),
    nested_list("events", "event_id", "sessions", SessionViewSet),
    nested_list("users", "user_id", "sessions", SessionViewSet),
    nested_list("tracks", "track_id", "sessions", SessionViewSet),
    nested_list("session-types", "session_type_id", "sessions", SessionViewSet),
    nested_list("microlocations", "microlocation_id", "sessions", SessionViewSet),
    nested_list("speakers", "speaker_id", "sessions", SessionViewSet),
    nested_list("events", "event_id", "speakers", SpeakerViewSet),
    nested_list("sessions", "session_id", "speakers", SpeakerViewSet),
    nested_list("users", "user_id", "speakers", SpeakerViewSet),
    *relationship_urls("sessions", SessionViewSet),
    *relationship_urls("speakers", SpeakerViewSet),
]
