from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"

    def ready(self):
        """Hook into `events` without it importing us: defaults on a new event, rules on submissions."""
        from events import signals
        from forms import services

        signals.event_created.connect(services.on_event_created, dispatch_uid="forms.default_forms")
        if services.submission_errors not in signals.submission_validators:
            signals.submission_validators.append(services.submission_errors)
