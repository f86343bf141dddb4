import factory

from forms.models import CustomForm, CustomFormTranslation
from tests.factories.events import EventFactory


class CustomFormFactory(factory.django.DjangoModelFactory):
    """A custom (complex) session field; pass field_identifier/form for others."""

    class Meta:
        model = CustomForm

    event = factory.SubFactory(EventFactory)
    form = "session"
    field_identifier = factory.Sequence(lambda n: f"customField{n}")
    name = factory.LazyAttribute(lambda o: f"Question {o.field_identifier}")
    type = "text"
    is_included = True


class CustomFormTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomFormTranslation

    custom_form = factory.SubFactory(CustomFormFactory)
    name = "Frage"
    language_code = "de"
