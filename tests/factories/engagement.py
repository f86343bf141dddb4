import factory

from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession
from tests.factories.events import EventFactory, SessionFactory
from tests.factories.users import UserFactory


class FeedbackFactory(factory.django.DjangoModelFactory):
    """An event feedback; pass `session=` for a session review (its event follows)."""

    class Meta:
        model = Feedback

    user = factory.SubFactory(UserFactory)
    session = None
    event = factory.LazyAttribute(lambda o: o.session.event if o.session else EventFactory())
    rating = 4.0
    comment = "Good"


class UserFavouriteSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserFavouriteSession

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Notice {n}")
    message = "Your session was accepted."


class EmailNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailNotification

    user = factory.SubFactory(UserFactory)
    event = factory.SubFactory(EventFactory)
    new_paper = True
