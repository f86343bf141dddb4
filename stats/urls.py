from django.urls import path

from stats import services, views

urlpatterns = [
    path(
        "admin/statistics/event-types",
        views.EventsPerCatalogueView.as_view(counts=services.events_per_type),
        name="admin-statistics-event-types",
    ),
    path(
        "admin/statistics/event-topics",
        views.EventsPerCatalogueView.as_view(counts=services.events_per_topic),
        name="admin-statistics-event-topics",
    ),
    path(
        "events/<str:event_id>/general-statistics",
        views.EventGeneralStatisticsView.as_view(),
        name="events-general-statistics",
    ),
    *(
        path(f"admin/statistics/{name}", views.admin_view(name).as_view(), name=f"admin-statistics-{name}")
        for name in views.ADMIN_STATISTICS
    ),
]
