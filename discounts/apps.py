from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    name = "discounts"

    def ready(self):
        _contribute_to_event()


def _contribute_to_event():
    """The event's `discount-code` relationship: its event-level code (links only; admins read it)."""
    from discounts.models import DiscountCode
    from events.serializers.event import EventSerializer
    from eventyay.api.relations import Relation

    EventSerializer.contribute_relationship(
        "discount_code", Relation(read_only=True, related_model=DiscountCode, source="discount_code_link")
    )
