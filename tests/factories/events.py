import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from events import models


def _future(days):
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def grant(user, event, role_name):
    """Give `user` a role on `event` (the fixture behind every role-based test)."""
    role = models.Role.named(role_name)
    return models.UsersEventsRoles.objects.get_or_create(user=user, event=event, role=role)[0]


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Role
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"role{n}")
    title_name = factory.LazyAttribute(lambda o: o.name.title())


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventType

    name = factory.Sequence(lambda n: f"Conference {n}")


class EventTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventTopic

    name = factory.Sequence(lambda n: f"Science & Tech {n}")


class EventSubTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventSubTopic

    name = factory.Sequence(lambda n: f"Open Source {n}")
    event_topic = factory.SubFactory(EventTopicFactory)


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event a month from now; pass state='draft' for a draft."""

    class Meta:
        model = models.Event

    name = factory.Sequence(lambda n: f"FOSS Summit {n}")
    starts_at = factory.LazyFunction(lambda: _future(30))
    ends_at = factory.LazyFunction(lambda: _future(32))
    timezone = "Asia/Singapore"
    state = models.Event.State.PUBLISHED
    location_name = "Singapore"
    is_sessions_speakers_enabled = True
    is_sponsors_enabled = True


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Ticket

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Ticket {n}")
    type = "paid"
    price = Decimal("100.00")
    quantity = 100
    sales_starts_at = factory.LazyFunction(lambda: _future(-1))
    sales_ends_at = factory.LazyFunction(lambda: _future(29))


class MicrolocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Microlocation

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    latitude = 1.2966
    longitude = 103.7764
    floor = 1


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Track

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    color = "#ff8800"


class SessionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SessionType

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Talk {n}")
    length = "00:30"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Speaker

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")
    organisation = "FOSSASIA"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    state = models.Session.State.ACCEPTED
    starts_at = factory.LazyFunction(lambda: _future(30))
    ends_at = factory.LazyFunction(lambda: _future(30) + dt.timedelta(minutes=30))


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sponsor

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Sponsor {n}")
    level = 1


class SocialLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SocialLink

    event = factory.SubFactory(EventFactory)
    name = "twitter"
    link = "https://twitter.com/fossasia"


class SpeakersCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SpeakersCall

    event = factory.SubFactory(EventFactory)
    announcement = "Send us your talks"
    starts_at = factory.LazyFunction(lambda: _future(-5))
    ends_at = factory.LazyFunction(lambda: _future(20))
