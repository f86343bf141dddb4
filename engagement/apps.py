from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """What users do with an event besides buying tickets: feedback, favourite sessions, their notifications."""

    name = "engagement"
    verbose_name = "Feedback, favourites and notifications"

    def ready(self):
        from engagement import relationships

        relationships.register()
