from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "transfers"

    def ready(self):
        from eventyay.tasks.services import abandoned_cleanups
        from transfers.services import remove_abandoned_upload

        abandoned_cleanups["import"] = remove_abandoned_upload
