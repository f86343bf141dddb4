"""Routes under /v1/ for event content (included before `events`, so the nested lists here win)."""

from django.urls import path

from content import views
from eventyay.api.routing import nested_list, relationship_urls, resource_urls

urlpatterns = [
    path(
        "events/<str:event_id>/event-copyright",
        views.EventCopyrightViewSet.as_view({"get": "event_copyright"}),
        name="events-event-copyright",
    ),
    nested_list("events", "event_id", "faqs", views.FaqViewSet),
    nested_list("events", "event_id", "faq-types", views.FaqTypeViewSet),
    nested_list("faq-types", "faq_type_id", "faqs", views.FaqViewSet),
    nested_list("events", "event_id", "exhibitors", views.ExhibitorViewSet),
    nested_list("sessions", "session_id", "exhibitors", views.ExhibitorViewSet),
    nested_list("events", "event_id", "tags", views.TagViewSet),
    *resource_urls("pages", views.PageViewSet),
    *resource_urls("custom-placeholders", views.CustomPlaceholderViewSet),
    path(
        "event-sub-topics/<str:event_sub_topic_id>/custom-placeholder",
        views.CustomPlaceholderViewSet.as_view({"get": "of_sub_topic"}),
        name="event-sub-topics-custom-placeholder",
    ),
    *relationship_urls("custom-placeholders", views.CustomPlaceholderViewSet),
]
for collection, viewset in {
    "event-copyrights": views.EventCopyrightViewSet,
    "faqs": views.FaqViewSet,
    "faq-types": views.FaqTypeViewSet,
    "exhibitors": views.ExhibitorViewSet,
    "tags": views.TagViewSet,
}.items():
    urlpatterns += resource_urls(collection, viewset, list_=False)
    urlpatterns += relationship_urls(collection, viewset)
