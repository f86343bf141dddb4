"""Routes under /v1/ for events and the programme.

Literal nested lists come before the generic relationship routes (`relationship_urls`).
"""

from eventyay.api.routing import nested_list, relationship_urls, resource_urls
from events.urls_sessions import urlpatterns as session_urls
from events.views import event as views

urlpatterns = [
    *session_urls,
    *resource_urls("events", views.EventViewSet),
    *resource_urls("event-types", views.EventTypeViewSet),
    *resource_urls("event-topics", views.EventTopicViewSet),
    *resource_urls("event-sub-topics", views.EventSubTopicViewSet),
    nested_list("event-types", "event_type_id", "events", views.EventViewSet),
    nested_list("event-topics", "event_topic_id", "events", views.EventViewSet),
    nested_list("event-sub-topics", "event_sub_topic_id", "events", views.EventViewSet),
    nested_list("event-topics", "event_topic_id", "event-sub-topics", views.EventSubTopicViewSet),
    *relationship_urls("events", views.EventViewSet),
    *relationship_urls("event-types", views.EventTypeViewSet),
    *relationship_urls("event-topics", views.EventTopicViewSet),
    *relationship_urls("event-sub-topics", views.EventSubTopicViewSet),
]
