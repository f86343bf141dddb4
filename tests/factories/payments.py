import factory

from events.models import Event
from payments.models import StripeAuthorization
from tests.factories.events import EventFactory

#: Every secret a payments test creates contains one of these markers, so a leak check can look for them.
SECRET_MARKER = "SECRETKEY"
REFRESH_MARKER = "REFRESHTOKEN"


class StripeAuthorizationFactory(factory.django.DjangoModelFactory):
    """A linked event (can pay by Stripe, flag set) with its stored Stripe keys."""

    class Meta:
        model = StripeAuthorization
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory, can_pay_by_stripe=True)
    stripe_publishable_key = factory.Sequence(lambda n: f"pk_test_factory{n}")
    stripe_secret_key = factory.Sequence(lambda n: f"sk_test_{SECRET_MARKER}factory{n}")
    stripe_refresh_token = factory.Sequence(lambda n: f"rt_{REFRESH_MARKER}factory{n}")
    stripe_user_id = factory.Sequence(lambda n: f"acct_factory{n}")

    @factory.post_generation
    def mark_event_linked(obj, create, extracted, **kwargs):
        if create:
            Event.all_objects.filter(pk=obj.event_id).update(is_stripe_linked=True)
            obj.event.is_stripe_linked = True
