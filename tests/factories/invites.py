import factory

from events.models import Role
from invites.models import RoleInvite, SpeakerInvite, new_token
from tests.factories.events import EventFactory, SessionFactory


class RoleInviteFactory(factory.django.DjangoModelFactory):
    """A pending invite; its token is not kept (the mail had it): use `invite_with_token` to know it."""

    class Meta:
        model = RoleInvite

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role_name = "coorganizer"
    role = factory.LazyAttribute(lambda o: Role.named(o.role_name))
    token_digest = factory.LazyFunction(lambda: new_token()[1])


def invite_with_token(**kwargs):
    token, digest = new_token()
    return RoleInviteFactory(token_digest=digest, **kwargs), token


class SpeakerInviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerInvite

    session = factory.SubFactory(SessionFactory)
    event = factory.LazyAttribute(lambda o: o.session.event)
    email = factory.Sequence(lambda n: f"cospeaker{n}@example.org")
