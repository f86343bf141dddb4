import factory

from content.models import EventCopyright, Faq, FaqType
from tests.factories.events import EventFactory


class EventCopyrightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCopyright

    event = factory.SubFactory(EventFactory)
    holder = "FOSSASIA"
    licence = "CC BY 4.0"
    year = 2016


class FaqTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqType

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Travel {n}")


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    event = factory.SubFactory(EventFactory)
    faq_type = factory.LazyAttribute(lambda o: FaqTypeFactory(event=o.event))
    question = factory.Sequence(lambda n: f"Where is the venue {n}?")
    answer = "Next to the station."
