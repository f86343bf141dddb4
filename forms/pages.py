"""The custom form editor page (forms layer): a shell that talks to our own JSON:API with the user's JWT."""

from django.shortcuts import render
from django.urls import path

from events.pages import live_event, not_found_page
from forms.models import CustomForm


def form_editor(request, identifier):
    """`/e/<identifier>/forms`: a shell; who may read or change what is decided by the API with the user's JWT.

    The event's name is not rendered here (a draft's name is for its organizers), the script loads it.
    """
    event = live_event(identifier)
    if event is None:
        return not_found_page(request, "There is no event with this address.")
    config = {
        "event": event.identifier,
        "eventId": event.pk,
        "forms": [{"value": value, "label": label} for value, label in CustomForm.Form.choices],
        "types": list(CustomForm.TYPES),
    }
    return render(request, "pages/forms.html", {"page_config": config})


urlpatterns = [
    path("e/<str:identifier>/forms", form_editor, name="page-form-editor"),
]
