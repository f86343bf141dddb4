from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from payments import checks, log_filters  # noqa: F401  (registers the system check)

        log_filters.install()
        _contribute_to_event()


def _contribute_to_event():
    """The event's `stripe-authorization` relationship (the foreign key lives here, not in events).

    Links only, not includable: only the event's organizers may read the authorization itself.
    """
    from events.serializers.event import EventSerializer
    from eventyay.api.relations import Relation
    from payments.models import StripeAuthorization

    EventSerializer.contribute_relationship(
        "stripe_authorization",
        Relation(read_only=True, related_model=StripeAuthorization),
    )
