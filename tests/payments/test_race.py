"""One authorization per event, also when two requests race (one 201, one 409)."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection

from payments.models import StripeAuthorization
from tests.conftest import Api
from tests.factories import EventFactory, UserFactory, grant
from tests.payments.helpers import COLLECTION, link_body


def post_concurrently(client, bodies):
    barrier = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)

    def post(i):
        try:
            barrier.wait()
            statuses[i] = client.post(COLLECTION, bodies[i]).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.mark.postgres
@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite's shared-cache in-memory test database answers concurrent writers 'table is locked' at once "
    "(the busy timeout does not apply); run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/payments_dev",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_one_201_one_409(fake_stripe):
    event = EventFactory(can_pay_by_stripe=True)
    owner = UserFactory()
    grant(owner, event, "owner")
    # Both requests pass the "already linked?" check before either inserts: the database constraint decides.
    fake_stripe.token_delay = 0.3
    statuses = post_concurrently(Api(owner), [link_body(event, "ac_first"), link_body(event, "ac_second")])
    assert sorted(statuses) == [201, 409], statuses
    assert StripeAuthorization.objects.filter(event=event).count() == 1
    assert fake_stripe.paths().count("/oauth/token") == 2
    assert "/oauth/deauthorize" not in fake_stripe.paths()  # the loser must not revoke the winner's account
    event.refresh_from_db()
    assert event.is_stripe_linked is True


@pytest.mark.django_db
def test_database_refuses_a_second_row_for_an_event():
    """The rule the race relies on, on every database: a unique constraint on the event."""
    from django.db import IntegrityError, transaction

    from tests.factories.payments import StripeAuthorizationFactory

    linked = StripeAuthorizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StripeAuthorization.objects.create(
            event=linked.event, stripe_publishable_key="pk", stripe_secret_key="sk_x", stripe_user_id="acct_x"
        )
