"""Routes under /v1/ contributed by this app (registered before `events`, so these literal paths win)."""

from django.urls import path

from eventyay.api.routing import relationship_urls, resource_urls
from transfers import views

urlpatterns = [
    path("events/import/<str:source_type>", views.ImportView.as_view(), name="events-import"),
    path("events/<str:event_ref>/export/<str:source_type>", views.ExportView.as_view(), name="events-export"),
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
