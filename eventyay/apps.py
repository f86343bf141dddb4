from django.apps import AppConfig


class EventyayConfig(AppConfig):
    """The project package as an app: shared commands and templates, no models."""

    name = "eventyay"
    verbose_name = "eventyay core"

    def ready(self):
        from eventyay import extension_points  # noqa: F401  (registers the system check of declared points)
