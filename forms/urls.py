"""Routes under /v1/ contributed by this app."""

urlpatterns = []
