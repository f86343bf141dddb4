"""Routes under /v1/ contributed by this app (registered before `events`, so these literal paths win)."""

from django.urls import path

from eventyay.api.routing import relationship_urls, resource_urls
from forms.views import CustomFormViewSet

urlpatterns = [
    *resource_urls("custom-forms", CustomFormViewSet, list_=False),
    # The original documents creation under the event too; both work.
    path(
        "events/<str:event_id>/custom-forms",
        CustomFormViewSet.as_view({"get": "list", "post": "create"}),
        name="events-custom-forms",
    ),
    path(
        "events/<str:event_id>/custom-forms/<str:form_id>",
        CustomFormViewSet.as_view({"get": "list"}),
        name="events-custom-forms-by-form-id",
    ),
    *relationship_urls("custom-forms", CustomFormViewSet),
]
