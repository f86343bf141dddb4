"""The code exchange against a local stand-in for Stripe's token endpoint, and deauthorization."""

import pytest

from payments import services
from payments.models import PaymentSettings, StripeAuthorization
from tests.factories.payments import StripeAuthorizationFactory
from tests.payments.conftest import PLATFORM_CLIENT_ID, PLATFORM_SECRET
from tests.payments.helpers import COLLECTION, assert_error, link_body, nothing_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_event(event):
    event.can_pay_by_stripe = True
    event.save()
    return event


def test_exchange_success_sends_code_with_platform_key(as_role, stripe_event, fake_stripe):
    response = as_role("owner").post(COLLECTION, link_body(stripe_event, "ac_fresh"))
    assert response.status_code == 201
    (call,) = fake_stripe.calls
    assert call["path"] == "/oauth/token"
    assert call["auth"] == f"Bearer {PLATFORM_SECRET}"
    assert call["params"] == {"grant_type": "authorization_code", "code": "ac_fresh"}
    stored = StripeAuthorization.objects.get(event=stripe_event)
    assert (stored.stripe_publishable_key, stored.stripe_user_id) == ("pk_test_fresh", "acct_fresh")


def test_exchange_invalid_grant_is_422_with_stripe_description(as_role, stripe_event, fake_stripe):
    response = as_role("owner").post(COLLECTION, link_body(stripe_event, "ac_invalid"))
    assert_error(
        response, 422, "Authorization code does not exist: ac_invalid", pointer="/data/attributes/stripe-auth-code"
    )
    assert nothing_stored(stripe_event)
    assert fake_stripe.paths() == ["/oauth/token"]


def test_exchange_timeout_is_504_and_stores_nothing(as_role, stripe_event, fake_stripe):
    response = as_role("owner").post(COLLECTION, link_body(stripe_event, "ac_slow"))
    assert_error(response, 504, "Stripe did not answer in time")
    assert nothing_stored(stripe_event)
    assert fake_stripe.paths() == ["/oauth/token"]  # tried once: a code must not be replayed


def test_exchange_stripe_server_error_is_502_and_stores_nothing(as_role, stripe_event):
    response = as_role("owner").post(COLLECTION, link_body(stripe_event, "ac_broken"))
    assert_error(response, 502, "Nothing was saved")
    assert nothing_stored(stripe_event)


def test_exchange_stripe_unreachable_is_502(as_role, stripe_event, settings):
    settings.STRIPE_CONNECT_BASE = "http://127.0.0.1:9"  # discard port: connection refused
    response = as_role("owner").post(COLLECTION, link_body(stripe_event))
    assert_error(response, 502, "Stripe could not be reached")
    assert nothing_stored(stripe_event)


def test_exchange_wrong_platform_key_is_422(as_role, stripe_event, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_wrong"
    response = as_role("owner").post(COLLECTION, link_body(stripe_event))
    assert_error(response, 422, "No such API key.")
    assert nothing_stored(stripe_event)


def test_missing_platform_key_is_403(as_role, stripe_event, settings, fake_stripe):
    settings.STRIPE_SECRET_KEY = ""
    response = as_role("owner").post(COLLECTION, link_body(stripe_event))
    assert_error(response, 403, "Stripe payment isn't configured properly for the Platform")
    assert nothing_stored(stripe_event) and fake_stripe.calls == []


def test_missing_encryption_key_outside_debug_is_403_before_spending_the_code(
    as_role, stripe_event, settings, fake_stripe
):
    settings.STRIPE_SECRETS_KEY = ""
    settings.DEBUG = False
    response = as_role("owner").post(COLLECTION, link_body(stripe_event))
    assert_error(response, 403, "isn't configured properly")
    assert nothing_stored(stripe_event) and fake_stripe.calls == []


def test_admin_payment_settings_override_environment(as_role, stripe_event, settings, fake_stripe):
    settings.STRIPE_SECRET_KEY = ""
    PaymentSettings.objects.create(stripe_secret_key=PLATFORM_SECRET, stripe_client_id=PLATFORM_CLIENT_ID)
    assert as_role("owner").post(COLLECTION, link_body(stripe_event)).status_code == 201
    assert fake_stripe.calls[0]["auth"] == f"Bearer {PLATFORM_SECRET}"


def test_admin_payment_settings_blank_fields_fall_back_to_environment(settings):
    PaymentSettings.objects.create(stripe_client_id="ca_from_admin")
    keys = services.platform_keys()
    assert keys.client_id == "ca_from_admin"
    assert keys.secret_key == PLATFORM_SECRET
    assert PLATFORM_SECRET not in repr(keys)


def test_delete_deauthorizes_at_stripe(as_role, fake_stripe, django_capture_on_commit_callbacks):
    linked = StripeAuthorizationFactory(stripe_user_id="acct_leaving")
    from tests.factories import grant

    owner = as_role("user").user
    grant(owner, linked.event, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        assert as_role("user").delete(f"{COLLECTION}/{linked.pk}").status_code == 200
    (call,) = fake_stripe.calls
    assert call["path"] == "/oauth/deauthorize"
    assert call["params"] == {"client_id": PLATFORM_CLIENT_ID, "stripe_user_id": "acct_leaving"}


def test_delete_still_unlinks_when_stripe_fails(as_role, fake_stripe, django_capture_on_commit_callbacks):
    fake_stripe.deauthorize_status = 500
    linked = StripeAuthorizationFactory(event__can_pay_by_stripe=True)
    from tests.factories import grant

    grant(as_role("user").user, linked.event, "organizer")
    with django_capture_on_commit_callbacks(execute=True):
        assert as_role("user").delete(f"{COLLECTION}/{linked.pk}").status_code == 200
    assert nothing_stored(linked.event)
    assert fake_stripe.paths() == ["/oauth/deauthorize"]


def test_delete_without_client_id_skips_deauthorize(as_role, settings, fake_stripe, django_capture_on_commit_callbacks):
    settings.STRIPE_CLIENT_ID = ""
    linked = StripeAuthorizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert as_role("admin").delete(f"{COLLECTION}/{linked.pk}").status_code == 200
    assert nothing_stored(linked.event)
    assert fake_stripe.calls == []


def test_relink_to_another_account_deauthorizes_the_old_one(fake_stripe, django_capture_on_commit_callbacks):
    linked = StripeAuthorizationFactory(stripe_user_id="acct_old")
    with django_capture_on_commit_callbacks(execute=True):
        services.relink(linked, "ac_new")
    assert fake_stripe.paths() == ["/oauth/token", "/oauth/deauthorize"]
    assert fake_stripe.calls[1]["params"]["stripe_user_id"] == "acct_old"
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_user_id == "acct_new"


def test_relink_same_account_keeps_it_authorized(fake_stripe, django_capture_on_commit_callbacks):
    linked = StripeAuthorizationFactory(stripe_user_id="acct_same")
    with django_capture_on_commit_callbacks(execute=True):
        services.relink(linked, "ac_same")
    assert fake_stripe.paths() == ["/oauth/token"]
