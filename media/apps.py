from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"

    def ready(self):
        from media import signals

        signals.connect()
        _contribute_to_settings()


def _contribute_to_settings():
    """Where files go is part of the `setting` resource (admins only)."""
    from eventyay.sitesettings.sections import Section, contribute
    from media.models import StorageSettings
    from media.serializers import StorageSettingsSerializer

    contribute(Section("storage", StorageSettingsSerializer, StorageSettings.current))
