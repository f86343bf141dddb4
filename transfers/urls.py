"""Routes under /v1/ contributed by this app (registered before `events`, so these literal paths win)."""

from django.urls import path

from eventyay.api.routing import relationship_urls, resource_urls
from transfers import views, views_schedule

urlpatterns = [
    path("events/import/<str:source_type>", views.ImportView.as_view(), name="events-import"),
    *[
        path(
            f"events/<str:event_ref>/export/{route}",
            (
                views_schedule.ScheduleExportGetView if method == "get" else views_schedule.ScheduleExportPostView
            ).as_view(route=route),
            name=f"events-export-{fmt}",
        )
        for (route, method), fmt in views_schedule.TASK_ROUTES.items()
    ],
    path("events/<str:event_ref>/export/<str:source_type>", views.ExportView.as_view(), name="events-export"),
    path(
        "events/<str:event_ref>/schedule/<str:fmt>", views_schedule.PublicScheduleView.as_view(), name="events-schedule"
    ),
    path(
        "events/<str:event_ref>/exports/<str:task_id>/download",
        views.ExportDownloadView.as_view(),
        name="events-export-download",
    ),
    *resource_urls("import-jobs", views.ImportJobViewSet, create=False),
    *relationship_urls("import-jobs", views.ImportJobViewSet),
    *resource_urls("export-jobs", views.ExportJobViewSet, create=False),
    *relationship_urls("export-jobs", views.ExportJobViewSet),
]
