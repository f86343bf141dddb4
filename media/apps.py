from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"

    def ready(self):
        from media import signals

        signals.connect()
