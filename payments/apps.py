from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from payments import checks, log_filters  # noqa: F401  (registers the system check)

        log_filters.install()
