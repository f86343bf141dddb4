from rest_framework import exceptions

from eventyay.api.viewsets import ResourceViewSet
from forms import domain as services
from forms.models import CustomForm
from forms.renderers import NumericIdRenderer
from forms.serializers import CustomFormSerializer


class CustomFormViewSet(ResourceViewSet):
    """Fields of an event's forms: co-organizers write, logged-in users list, anyone reads one (drafts hidden)."""

    queryset = CustomForm.objects.prefetch_related("translations")
    serializer_class = CustomFormSerializer
    renderer_classes = [NumericIdRenderer]
    parent_lookups = {"event_id": "event"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list" and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()

    def get_queryset(self):
        queryset = super().get_queryset()
        if "form_id" in self.kwargs:
            queryset = queryset.filter(form_id=self.kwargs["form_id"])
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        translations = [t for t in data.pop("translations", []) if not t["isDeleted"]]
        serializer.instance = services.create_form(translations=translations, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("event", None)
        translations = data.pop("translations", None)
        serializer.instance = services.update_form(serializer.instance, translations=translations, **data)
