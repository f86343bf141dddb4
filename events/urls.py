"""Routes under /v1/ for events and the programme.

Literal paths (`events/upcoming`, nested lists, `tickets/availability`, `speakers-call`) come before
the generic `<collection>/<pk>` and relationship routes (`relationship_urls`) that would swallow them.
"""

from django.urls import path

from events.urls_sessions import urlpatterns as session_urls
from events.views import event as views
from events.views import programme, roles, schedule, tickets
from eventyay.api.routing import DETAIL_ACTIONS, nested_list, relationship_urls, resource_urls

#: Child collections listed under `/v1/events/<id|identifier>/<collection>` (POST on the top level only).
EVENT_CHILDREN = {
    "tickets": tickets.TicketViewSet,
    "microlocations": programme.MicrolocationViewSet,
    "tracks": programme.TrackViewSet,
    "session-types": programme.SessionTypeViewSet,
    "sponsors": programme.SponsorViewSet,
    "social-links": programme.SocialLinkViewSet,
}
#: `/v1/users/<id>/<role>-events` → role names.
USER_EVENT_LISTS = {
    "owner-events": ["owner"],
    "organizer-events": ["organizer"],
    "coorganizer-events": ["coorganizer"],
    "track-organizer-events": ["track_organizer"],
    "registrar-events": ["registrar"],
    "moderator-events": ["moderator"],
    "marketer-events": ["marketer"],
    "sales-admin-events": ["sales_admin"],
}

user_event_urls = [
    path("users/<str:user_id>/events", views.UserEventViewSet.as_view({"get": "list"}), name="users-events"),
    *(
        path(
            f"users/<str:user_id>/{segment}",
            views.UserEventViewSet.as_view({"get": "list"}, role_names=names),
            name=f"users-{segment}",
        )
        for segment, names in USER_EVENT_LISTS.items()
    ),
]

event_urls = [
    path("events/upcoming", views.UpcomingEventViewSet.as_view({"get": "list"}), name="events-upcoming"),
    path("events/<str:event_id>/sessions/dates", schedule.SessionDatesView.as_view(), name="events-sessions-dates"),
    path("events/<str:event_id>/has-streams", schedule.HasStreamsView.as_view(), name="events-has-streams"),
    path(
        "events/<str:event_id>/tickets/availability",
        tickets.TicketAvailabilityView.as_view(),
        name="events-tickets-availability",
    ),
    path(
        "events/<str:event_id>/speakers-call",
        programme.EventSpeakersCallViewSet.as_view(DETAIL_ACTIONS),
        name="events-speakers-call",
    ),
    nested_list("events", "event_id", "users-events-roles", roles.UsersEventsRolesViewSet),
    # The event's `roles` relationship: the same rows, to the same callers.
    nested_list("events", "event_id", "roles", roles.UsersEventsRolesViewSet, name="events-roles"),
    *(nested_list("events", "event_id", name, viewset) for name, viewset in EVENT_CHILDREN.items()),
    *resource_urls("events", views.EventViewSet),
    *relationship_urls("events", views.EventViewSet),
]

catalogue_urls = [
    *resource_urls("event-types", views.EventTypeViewSet),
    *resource_urls("event-topics", views.EventTopicViewSet),
    *resource_urls("event-sub-topics", views.EventSubTopicViewSet),
    nested_list("event-types", "event_type_id", "events", views.EventViewSet),
    nested_list("event-topics", "event_topic_id", "events", views.EventViewSet),
    nested_list("event-sub-topics", "event_sub_topic_id", "events", views.EventViewSet),
    nested_list("event-topics", "event_topic_id", "event-sub-topics", views.EventSubTopicViewSet),
    *relationship_urls("event-types", views.EventTypeViewSet),
    *relationship_urls("event-topics", views.EventTopicViewSet),
    *relationship_urls("event-sub-topics", views.EventSubTopicViewSet),
]

child_urls = []
for collection, viewset in {**EVENT_CHILDREN, "speakers-calls": programme.SpeakersCallViewSet}.items():
    child_urls += resource_urls(collection, viewset, list_=False)
    child_urls += relationship_urls(collection, viewset)

role_urls = [
    *resource_urls("roles", roles.RoleViewSet),
    *relationship_urls("roles", roles.RoleViewSet),
    *resource_urls("users-events-roles", roles.UsersEventsRolesViewSet, list_=False),
    *relationship_urls("users-events-roles", roles.UsersEventsRolesViewSet),
]

urlpatterns = [*session_urls, *user_event_urls, *event_urls, *catalogue_urls, *child_urls, *role_urls]
