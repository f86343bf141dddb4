from decimal import Decimal

import factory

from discounts.models import DiscountCode, EventDiscountCode
from tests.factories.events import EventFactory


class TicketCodeFactory(factory.django.DjangoModelFactory):
    """A 10-off ticket code of an event; pass `tickets=[...]` to choose what it covers."""

    class Meta:
        model = DiscountCode
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"SAVE{n}")
    value = Decimal("10.00")
    type = DiscountCode.Type.AMOUNT
    used_for = DiscountCode.UsedFor.TICKET
    tickets_number = 100
    min_quantity = 1
    max_quantity = 100
    event = factory.SubFactory(EventFactory)

    @factory.post_generation
    def tickets(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tickets.set(extracted)


class EventCodeFactory(factory.django.DjangoModelFactory):
    """An admin's event-level code; pass `events=[...]` to link it."""

    class Meta:
        model = DiscountCode
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PLATFORM{n}")
    value = Decimal("20.00")
    type = DiscountCode.Type.PERCENT
    used_for = DiscountCode.UsedFor.EVENT
    event = None

    @factory.post_generation
    def events(obj, create, extracted, **kwargs):
        if create and extracted:
            for event in extracted:
                EventDiscountCode.objects.create(event=event, discount_code=obj)
