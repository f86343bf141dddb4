from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    name = "discounts"

    def ready(self):
        from discounts import relationships

        _contribute_to_event()
        _register_rows()
        relationships.register()


def _register_rows():
    """Codes are listed to staff and to the co-organizers of their event only; a filter step obeys it."""
    from discounts.models import DiscountCode
    from events.domain.session_access import managed_rows
    from eventyay.api.includes import register_included_rows

    register_included_rows(DiscountCode, lambda user: managed_rows(user, DiscountCode.objects.all()))


def _contribute_to_event():
    """The event's `discount-code` relationship: its event-level code (links only; admins read it)."""
    from discounts.models import DiscountCode
    from events.serializers.event import EventSerializer
    from eventyay.api.relations import Relation

    EventSerializer.contribute_relationship(
        "discount_code", Relation(read_only=True, related_model=DiscountCode, source="discount_code_link")
    )
