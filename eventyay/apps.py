from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """The database cache's table, made by every `migrate` (and so by the test run and `make run`)."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class EventyayConfig(AppConfig):
    """The project package as an app: shared commands and templates, no models."""

    name = "eventyay"
    verbose_name = "eventyay core"

    def ready(self):
        # post_migrate is sent per app with models (this one has none): hang it on the users app.
        from django.apps import apps

        from eventyay import extension_points  # noqa: F401  (registers the system check of declared points)
        from eventyay.api import response_cache  # noqa: F401  (registers the check of its middleware)

        users = apps.get_app_config("users")
        post_migrate.connect(create_cache_table, sender=users, dispatch_uid="eventyay-cache-table")
