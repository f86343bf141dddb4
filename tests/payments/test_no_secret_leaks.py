"""Secrets never leave the server: not in a response body, not in the log output.

Every test of this package is already guarded (tests/payments/conftest.py `transcript`: all response
bodies and DEBUG logs of each test are searched for the secret key, the refresh token and the platform
key). This test walks the whole life of a link explicitly and checks the guard really sees Stripe's logs.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from payments.log_filters import RedactStripeSecrets
from tests.conftest import resource
from tests.factories import SuperAdminFactory
from tests.payments.conftest import PLATFORM_SECRET
from tests.payments.helpers import COLLECTION, link_body

pytestmark = pytest.mark.django_db

SECRETS = ("sk_test_SECRETKEYlife", "rt_REFRESHTOKENlife", "sk_test_SECRETKEYrelife", "rt_REFRESHTOKENrelife")


def test_full_life_of_a_link_leaks_no_secret(as_role, event, transcript, caplog, django_capture_on_commit_callbacks):
    event.can_pay_by_stripe = True
    event.save()
    owner, admin = as_role("owner"), as_role("admin")
    created = owner.post(COLLECTION, link_body(event, "ac_life"))
    assert created.status_code == 201
    pk = created.json()["data"]["id"]
    owner.get(f"{COLLECTION}/{pk}", include="event")
    admin.get(f"/v1/events/{event.identifier}/stripe-authorization")
    owner.get(f"{COLLECTION}/{pk}/relationships/event")
    owner.get(f"/v1/events/{event.pk}", include="stripe-authorization")
    owner.post(COLLECTION, link_body(event, "ac_again"))  # 409
    owner.patch(f"{COLLECTION}/{pk}", resource("stripe-authorization", {"stripe-auth-code": "ac_invalid"}, id=pk))
    owner.patch(f"{COLLECTION}/{pk}", resource("stripe-authorization", {"stripe-auth-code": "ac_relife"}, id=pk))
    staff = Client()
    staff.force_login(SuperAdminFactory())
    staff.get(reverse("admin:payments_stripeauthorization_changelist"))
    staff.get(reverse("admin:payments_stripeauthorization_change", args=[pk]))
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.delete(f"{COLLECTION}/{pk}").status_code == 200

    bodies = transcript.text()
    assert len(transcript.bodies) == 11
    # The stripe library logged its calls at DEBUG, and the details were redacted.
    assert "Request to Stripe api" in caplog.text
    assert "'API response body' [details redacted]" in caplog.text
    for secret in (*SECRETS, PLATFORM_SECRET):
        assert secret not in bodies
        assert secret not in caplog.text


def test_redaction_filter_masks_secret_shaped_values():
    record = logging.LogRecord(
        "stripe", logging.INFO, __file__, 1, "key %s and %s", ("sk_live_abcdef123", "rt_zyx98765"), None
    )
    RedactStripeSecrets().filter(record)
    assert record.getMessage() == "key sk_[redacted] and rt_[redacted]"


def test_redaction_filter_drops_response_bodies():
    message = "body='{\"access_token\": \"opaque-token\"}' message='API response body'"
    record = logging.LogRecord("stripe", logging.DEBUG, __file__, 1, message, (), None)
    RedactStripeSecrets().filter(record)
    assert record.getMessage() == "message='API response body' [details redacted]"
