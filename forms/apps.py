from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"

    def ready(self):
        """Hook into `events` without it importing us: defaults on a new event, rules on submissions."""
        from events import signals
        from forms import domain as services

        signals.event_created.connect(services.on_event_created, dispatch_uid="forms.default_forms")
        if services.submission_errors not in signals.submission_validators:
            signals.submission_validators.append(services.submission_errors)
        _contribute_to_event()


def _contribute_to_event():
    """The event's `custom-forms` relationship (the foreign key lives on the form) and how it loads."""
    from events.serializers.event import EventSerializer
    from eventyay.api.includes import register_included_rows
    from eventyay.api.relations import Relation
    from forms.models import CustomForm

    EventSerializer.contribute_relationship(
        "custom_forms",
        Relation(many=True, read_only=True, related_model=CustomForm),
        "forms.serializers.CustomFormSerializer",
    )
    # Included forms load their translations with them, as the forms endpoint does.
    register_included_rows(CustomForm, lambda user: CustomForm.objects.prefetch_related("translations"))
