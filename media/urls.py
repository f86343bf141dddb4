"""Routes under /v1/ contributed by this app."""

from django.urls import path

from media import views

urlpatterns = [
    path("upload/files", views.UploadFilesView.as_view(), name="upload-files"),
    path("upload/file", views.UploadFilesView.as_view(), name="upload-file"),
    path("upload/image", views.UploadImageView.as_view(), name="upload-image"),
    path("media/<path:name>", views.LocalFileView.as_view(), name="media-file"),
]
