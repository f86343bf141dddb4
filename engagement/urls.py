"""Routes under /v1/ for feedback, favourites and notifications (included before `events`)."""

from engagement import views
from eventyay.api.routing import nested_list, relationship_urls, resource_urls

urlpatterns = [
    nested_list("events", "event_id", "feedbacks", views.FeedbackViewSet),
    nested_list("sessions", "session_id", "feedbacks", views.FeedbackViewSet),
    nested_list("users", "user_id", "feedbacks", views.FeedbackViewSet),
    nested_list("users", "user_id", "user-favourite-sessions", views.UserFavouriteSessionViewSet),
    nested_list("users", "user_id", "favourite-sessions", views.UserFavouriteSessionViewSet),
    nested_list("users", "user_id", "favourites", views.UserFavouriteSessionViewSet),
    nested_list("sessions", "session_id", "user-favourite-sessions", views.UserFavouriteSessionViewSet),
    nested_list("sessions", "session_id", "favourites", views.UserFavouriteSessionViewSet),
    nested_list("events", "event_id", "user-favourite-sessions", views.UserFavouriteSessionViewSet),
    nested_list("users", "user_id", "notifications", views.NotificationViewSet),
    nested_list("users", "user_id", "email-notifications", views.EmailNotificationViewSet),
    nested_list("events", "event_id", "email-notifications", views.EmailNotificationViewSet),
]
for collection, viewset in {
    "feedbacks": views.FeedbackViewSet,
    "user-favourite-sessions": views.UserFavouriteSessionViewSet,
    "notifications": views.NotificationViewSet,
    "email-notifications": views.EmailNotificationViewSet,
}.items():
    urlpatterns += resource_urls(collection, viewset)
    urlpatterns += relationship_urls(collection, viewset)
