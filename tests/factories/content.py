import factory

from content.models import CustomPlaceholder, EventCopyright, Exhibitor, Faq, FaqType, Page, Tag
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


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Booth {n}")
    status = Exhibitor.Status.ACCEPTED


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Tag {n}")
    color = "#ff0000"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    name = factory.Sequence(lambda n: f"page{n}")
    title = "About"
    url = factory.Sequence(lambda n: f"/about-{n}")
    place = "footer"


class CustomPlaceholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomPlaceholder

    name = factory.Sequence(lambda n: f"Placeholder {n}")
    original_image_url = "https://example.org/placeholder.jpg"
