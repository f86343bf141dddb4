from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from payments import checks, log_filters  # noqa: F401  (registers the system check)

        log_filters.install()
        from payments import relationships

        _contribute_to_event()
        _register_rows()
        relationships.register()
        _contribute_to_settings()
        _count_sold_tickets()


def _contribute_to_event():
    """The event's `stripe-authorization` relationship (the foreign key lives here, not in events).

    Includable as the client asks for it, but its linkage and the included resource only reach the event's
    owner, organizers and admins (the others see `null`).
    """
    from events.serializers.event import EventSerializer
    from payments.serializers import EventStripeAuthorization

    EventSerializer.contribute_relationship(
        "stripe_authorization", EventStripeAuthorization(), "payments.serializers.StripeAuthorizationSerializer"
    )


def _register_rows():
    """Stripe authorizations reach staff and their event's co-organizers only; a filter step obeys it."""
    from events.domain.session_access import managed_rows
    from eventyay.api.includes import register_included_rows
    from payments.models import StripeAuthorization

    register_included_rows(StripeAuthorization, lambda user: managed_rows(user, StripeAuthorization.objects.all()))


def _contribute_to_settings():
    """The platform's Stripe keys are attributes of the `setting` resource (only the public ones for all)."""
    from eventyay.sitesettings.sections import Section, contribute
    from payments.models import PaymentSettings
    from payments.serializers import PlatformStripeSettingsSerializer

    public = {"stripe_client_id", "stripe_publishable_key", "stripe_mode", "is_stripe_activated"}
    public |= {"stripe_test_client_id", "stripe_test_publishable_key"}
    contribute(Section("payments", PlatformStripeSettingsSerializer, PaymentSettings.load, frozenset(public)))


def _count_sold_tickets():
    """Availability in `events` counts the tickets our orders hold."""
    from events import services
    from payments.domain.stock import count_sold_tickets

    if count_sold_tickets not in services.sold_ticket_counters:
        services.sold_ticket_counters.append(count_sold_tickets)
