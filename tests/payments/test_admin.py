"""The staff's view: linked events without secrets, an unlink action, and the platform keys form."""

import pytest
from django.test import Client
from django.urls import reverse

from payments.models import PaymentSettings, StripeAuthorization
from tests.factories import UserFactory
from tests.factories.payments import StripeAuthorizationFactory
from tests.payments.conftest import PLATFORM_CLIENT_ID
from tests.payments.helpers import nothing_stored

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:payments_stripeauthorization_changelist"


def test_changelist_shows_linked_events_not_secrets(staff):
    linked = StripeAuthorizationFactory(stripe_user_id="acct_visible", stripe_publishable_key="pk_test_visible")
    response = staff.get(reverse(CHANGELIST))
    assert response.status_code == 200
    body = response.content.decode()
    assert linked.event.name in body and "acct_visible" in body and "pk_test_visible" in body
    assert "SECRETKEY" not in body and "REFRESHTOKEN" not in body


def test_change_page_is_read_only_without_secrets(staff):
    linked = StripeAuthorizationFactory()
    response = staff.get(reverse("admin:payments_stripeauthorization_change", args=[linked.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert linked.stripe_user_id in body
    assert "SECRETKEY" not in body and "REFRESHTOKEN" not in body
    assert 'name="stripe_secret_key"' not in body


def test_staff_cannot_add_authorizations_by_hand(staff):
    assert staff.get(reverse("admin:payments_stripeauthorization_add")).status_code == 403


def test_unlink_action_deletes_clears_flag_and_deauthorizes(staff, fake_stripe, django_capture_on_commit_callbacks):
    first, second, kept = StripeAuthorizationFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse(CHANGELIST), {"action": "unlink", "_selected_action": [first.pk, second.pk]}, follow=True
        )
    assert response.status_code == 200
    assert "Unlinked 2 event(s) from Stripe." in response.content.decode()
    assert nothing_stored(first.event) and nothing_stored(second.event)
    assert StripeAuthorization.objects.filter(pk=kept.pk).exists()
    deauthorized = sorted(c["params"]["stripe_user_id"] for c in fake_stripe.calls)
    assert deauthorized == sorted([first.stripe_user_id, second.stripe_user_id])
    assert all(c["params"]["client_id"] == PLATFORM_CLIENT_ID for c in fake_stripe.calls)


def test_delete_selected_is_replaced_by_unlink(staff):
    StripeAuthorizationFactory()
    body = staff.get(reverse(CHANGELIST)).content.decode()
    assert 'value="unlink"' in body
    assert 'value="delete_selected"' not in body


def test_delete_view_also_unlinks(staff, fake_stripe, django_capture_on_commit_callbacks):
    linked = StripeAuthorizationFactory()
    url = reverse("admin:payments_stripeauthorization_delete", args=[linked.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url, {"post": "yes"}).status_code == 302
    assert nothing_stored(linked.event)
    assert fake_stripe.paths() == ["/oauth/deauthorize"]


def test_non_staff_cannot_open_the_admin():
    client = Client()
    client.force_login(UserFactory())
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_payment_settings_form_stores_secret_encrypted_and_never_shows_it(staff):
    add = reverse("admin:payments_paymentsettings_add")
    response = staff.post(
        add,
        {
            "stripe_client_id": "ca_admin",
            "stripe_publishable_key": "pk_admin",
            "stripe_secret_key": "sk_test_SECRETKEYa",
        },
    )
    assert response.status_code == 302, response.content
    row = PaymentSettings.load()
    assert (row.stripe_client_id, row.stripe_secret_key) == ("ca_admin", "sk_test_SECRETKEYa")
    change = reverse("admin:payments_paymentsettings_change", args=[1])
    page = staff.get(change)
    assert page.status_code == 200 and "SECRETKEY" not in page.content.decode()
    assert staff.get(add).status_code == 403  # a single row

    # Blank keeps the stored key; "clear" removes it.
    staff.post(change, {"stripe_client_id": "ca_admin2", "stripe_publishable_key": "pk_admin", "stripe_secret_key": ""})
    row = PaymentSettings.load()
    assert (row.stripe_client_id, row.stripe_secret_key) == ("ca_admin2", "sk_test_SECRETKEYa")
    staff.post(
        change,
        {
            "stripe_client_id": "ca_admin2",
            "stripe_publishable_key": "",
            "stripe_secret_key": "",
            "clear_secret_key": "on",
        },
    )
    assert PaymentSettings.load().stripe_secret_key == ""


def test_payment_settings_list_shows_whether_a_secret_is_set(staff):
    PaymentSettings.objects.create(stripe_client_id="ca_list", stripe_secret_key="sk_test_SECRETKEYlist")
    body = staff.get(reverse("admin:payments_paymentsettings_changelist")).content.decode()
    assert "ca_list" in body and "SECRETKEY" not in body
