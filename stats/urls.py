from django.urls import path

from stats import views

urlpatterns = [
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
