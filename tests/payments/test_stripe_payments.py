"""The Stripe payment routes for every role, every refusal, and webhooks out of order, forged or stale."""

import time
from decimal import Decimal

import pytest
from django.core import mail

from payments.domain import stripe_payments
from payments.models import Order, StripeWebhookEvent
from tests.conftest import Api
from tests.factories.events import TicketFactory
from tests.factories.payments import StripeAuthorizationFactory
from tests.factories.users import UserFactory
from tests.payments.test_sales_end_to_end import available, deliver, patch_order, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def link(event):
    event.can_pay_by_stripe, event.payment_currency = True, "USD"
    event.save()
    return StripeAuthorizationFactory(event=event)


@pytest.fixture
def ticket(event):
    return TicketFactory(event=event, price=Decimal("10.00"), quantity=5)


def intent_url(order):
    return f"/v1/orders/{order.identifier}/create-payment-intent"


def pay(api, order):
    return api.post_json(intent_url(order), {})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("buyer", 200),
        ("track_organizer", 403),
        ("coorganizer", 200),
        ("organizer", 200),
        ("owner", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_create_payment_intent_by_role(role_users, link, ticket, buyer, fake_stripe, role, status):
    order = place(buyer, ticket, 1)
    api = Api(buyer) if role == "buyer" else Api(role_users[role])
    response = pay(api, order)
    assert response.status_code == status, response.content
    order.refresh_from_db()
    if status == 200:
        assert order.status == "pending" and len(fake_stripe.api.intents) == 1
    else:
        assert order.status == "initializing" and fake_stripe.api.intents == {}


def test_unknown_order_is_404(buyer):
    assert pay(Api(buyer), Order(identifier="no-such-order")).status_code == 404


def test_order_of_a_draft_event_is_404_for_others(link, ticket, buyer):
    order = place(buyer, ticket, 1)
    link.event.state = "draft"
    link.event.save()
    assert pay(Api(UserFactory()), order).status_code == 404


def error_of(response, status):
    assert response.status_code == status, response.content
    return response.json()["errors"][0]


def test_refusals_point_at_the_field_and_write_nothing(event, link, ticket, buyer, fake_stripe):
    free = TicketFactory(event=event, type="free", price=None)
    free_order = place(buyer, free, 1)
    assert error_of(pay(Api(buyer), free_order), 409)["source"]["pointer"] == "/status"  # completed at once
    order = place(buyer, ticket, 1)
    link.delete()
    assert error_of(pay(Api(buyer), order), 422)["source"]["pointer"] == "/event"
    event.can_pay_by_stripe = False
    event.save()
    assert error_of(pay(Api(buyer), order), 422)["source"]["pointer"] == "/payment_mode"
    order.refresh_from_db()
    assert order.status == "initializing" and fake_stripe.calls == []


def test_expired_and_cancelled_orders_cannot_be_paid(link, ticket, buyer, fake_stripe):
    order = place(buyer, ticket, 1)
    Order.objects.filter(pk=order.pk).update(expires_at="2000-01-01T00:00:00Z")
    assert "expired" in error_of(pay(Api(buyer), order), 409)["detail"]
    other = place(buyer, ticket, 1)
    assert patch_order(Api(buyer), other, status="cancelled").status_code == 200
    assert error_of(pay(Api(buyer), other), 409)["source"]["pointer"] == "/status"
    assert fake_stripe.api.intents == {}


def test_stripe_down_is_502_and_nothing_changes(link, ticket, buyer, fake_stripe):
    order = place(buyer, ticket, 1)
    fake_stripe.api.fail_with = (500, {"error": {"type": "api_error", "message": "Something went wrong"}})
    assert error_of(pay(Api(buyer), order), 502)["code"] == "stripe_unavailable"
    order.refresh_from_db()
    assert order.status == "initializing" and order.transaction_id == ""


def test_stripe_refusal_is_422(link, ticket, buyer, fake_stripe):
    order = place(buyer, ticket, 1)
    fake_stripe.api.fail_with = (400, {"error": {"type": "invalid_request_error", "message": "Bad currency"}})
    assert error_of(pay(Api(buyer), order), 422)
    order.refresh_from_db()
    assert order.status == "initializing"


def test_zero_decimal_currency_and_rounding():
    assert stripe_payments.minor_units(Decimal("1500"), "JPY") == 1500
    assert stripe_payments.minor_units(Decimal("19.99"), "eur") == 1999
    assert stripe_payments.minor_units(Decimal("0.005"), "USD") == 1


def test_bad_fee_setting_is_403_not_500(settings, link, ticket, buyer, fake_stripe):
    settings.STRIPE_APPLICATION_FEE_PERCENT = "five"
    order = place(buyer, ticket, 1)
    assert "STRIPE_APPLICATION_FEE_PERCENT" in error_of(pay(Api(buyer), order), 403)["detail"]
    assert fake_stripe.api.intents == {}


# ------------------------------------------------------------------ webhook
@pytest.fixture
def pending(link, ticket, buyer):
    order = place(buyer, ticket, 2)
    answer = pay(Api(buyer), order).json()
    order.refresh_from_db()
    return order, answer["payment_intent_id"]


@pytest.mark.parametrize("role", ["anonymous", "user", "organizer", "admin"])
def test_webhook_needs_the_signature_whoever_calls(as_role, pending, role):
    order, intent_id = pending
    response = as_role(role).client.post(
        "/v1/webhooks/stripe", '{"id": "evt_1", "type": "payment_intent.succeeded"}', content_type="application/json"
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == "pending" and not StripeWebhookEvent.objects.exists()


def test_stale_signature_is_400(fake_stripe, pending):
    order, intent_id = pending
    paid = fake_stripe.api.paid(intent_id)
    response = deliver(
        "payment_intent.succeeded", paid, order.event.stripe_authorization.stripe_user_id, timestamp=time.time() - 3600
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == "pending"


def test_webhook_secret_not_configured_is_403(settings, fake_stripe, pending):
    settings.STRIPE_WEBHOOK_SECRET = ""
    order, intent_id = pending
    body_account = order.event.stripe_authorization.stripe_user_id
    assert deliver("payment_intent.succeeded", fake_stripe.api.paid(intent_id), body_account).status_code == 403


def test_out_of_order_events_never_undo_a_paid_order(fake_stripe, pending, django_capture_on_commit_callbacks):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    paid = fake_stripe.api.paid(intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver("payment_intent.succeeded", paid, account).json()["outcome"] == "completed"
    failed = {**paid, "status": "requires_payment_method", "last_payment_error": {"code": "card_declined"}}
    assert deliver("payment_intent.payment_failed", failed, account, event_id="evt_late_fail").status_code == 200
    canceled = {**paid, "status": "canceled"}
    assert deliver("payment_intent.canceled", canceled, account, event_id="evt_late_cancel").json()["outcome"] == (
        "unchanged"
    )
    order.refresh_from_db()
    assert order.status == "completed" and len(mail.outbox) == 1


def test_failed_payment_keeps_the_order_pending_and_cancel_gives_stock_back(fake_stripe, pending, ticket):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    intent = {"id": intent_id, "metadata": {"order_identifier": order.identifier}, "last_payment_error": {}}
    assert deliver("payment_intent.payment_failed", intent, account).status_code == 200
    order.refresh_from_db()
    assert order.status == "pending" and available(order.event, ticket) == 3
    assert deliver("payment_intent.canceled", intent, account).json()["outcome"] == "cancelled"
    order.refresh_from_db()
    assert order.status == "cancelled" and available(order.event, ticket) == 5


def test_refund_made_in_stripe_marks_the_order_refunded(fake_stripe, pending, ticket):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    deliver("payment_intent.succeeded", fake_stripe.api.paid(intent_id), account)
    partial = {"id": "ch_1", "payment_intent": intent_id, "refunded": False, "amount_refunded": 500}
    assert deliver("charge.refunded", partial, account, event_id="evt_partial").json()["outcome"] == "unchanged"
    full = {**partial, "refunded": True, "amount_refunded": 2000}
    assert deliver("charge.refunded", full, account, event_id="evt_full").json()["outcome"] == "refunded"
    order.refresh_from_db()
    assert order.status == "refunded" and available(order.event, ticket) == 5
    assert fake_stripe.api.refunds == []  # recorded, not refunded a second time


def test_events_from_another_account_or_amount_are_ignored(fake_stripe, pending):
    order, intent_id = pending
    paid = fake_stripe.api.paid(intent_id)
    assert deliver("payment_intent.succeeded", paid, "acct_intruder").json()["outcome"] == "ignored"
    cheaper = {**paid, "amount_received": 1}
    account = order.event.stripe_authorization.stripe_user_id
    assert deliver("payment_intent.succeeded", cheaper, account, event_id="evt_cheap").json()["outcome"] == "mismatch"
    unknown = {"id": "pi_other", "metadata": {}}
    assert deliver("payment_intent.succeeded", unknown, account, event_id="evt_unknown").json()["outcome"] == "ignored"
    assert deliver("customer.created", {"id": "cus_1"}, account).json()["outcome"] == "ignored"
    order.refresh_from_db()
    assert order.status == "pending"


def test_refund_fails_at_stripe_and_the_order_stays_completed(as_role, fake_stripe, pending, ticket):
    order, intent_id = pending
    deliver(
        "payment_intent.succeeded", fake_stripe.api.paid(intent_id), order.event.stripe_authorization.stripe_user_id
    )
    fake_stripe.api.fail_with = (500, {"error": {"type": "api_error", "message": "down"}})
    assert error_of(patch_order(as_role("organizer"), order, status="refunded"), 502)
    order.refresh_from_db()
    assert order.status == "completed" and available(order.event, ticket) == 3


def test_payment_after_expiry_completes_only_while_stock_lasts(fake_stripe, pending, ticket):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    Order.objects.filter(pk=order.pk).update(expires_at="2000-01-01T00:00:00Z")  # lapsed, not swept
    ticket.quantity = 1  # fewer left than the lapsed order's 2 (as if others bought them meanwhile)
    ticket.save(update_fields=["quantity"])
    paid = fake_stripe.api.paid(intent_id)
    assert deliver("payment_intent.succeeded", paid, account).json()["outcome"] == "sold-out"
    order.refresh_from_db()
    assert order.status == "pending" and available(order.event, ticket) == 1
    assert [(r["payment_intent"], r["_account"]) for r in fake_stripe.api.refunds] == [(intent_id, account)]


def test_payment_for_a_swept_order_leaves_it_expired(fake_stripe, pending, ticket, buyer):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    Order.objects.filter(pk=order.pk).update(expires_at="2000-01-01T00:00:00Z")
    place(buyer, ticket, 4)  # placing sweeps the event's lapsed orders
    paid = fake_stripe.api.paid(intent_id)
    assert deliver("payment_intent.succeeded", paid, account).json()["outcome"] == "ended"
    order.refresh_from_db()
    assert order.status == "expired" and available(order.event, ticket) == 1
    assert [(r["payment_intent"], r["_account"]) for r in fake_stripe.api.refunds] == [(intent_id, account)]


def test_a_payment_for_an_ended_order_is_refunded_once_even_when_stripe_retries(fake_stripe, pending):
    """Stripe down during the refund: the delivery fails (not recorded), Stripe sends it again, one refund."""
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    Order.objects.filter(pk=order.pk).update(status="cancelled")
    paid = fake_stripe.api.paid(intent_id)
    fake_stripe.api.fail_with = (500, {"error": {"type": "api_error", "message": "down"}})
    assert deliver("payment_intent.succeeded", paid, account, event_id="evt_late").status_code == 502
    assert fake_stripe.api.refunds == []
    assert deliver("payment_intent.succeeded", paid, account, event_id="evt_late").json()["outcome"] == "ended"
    assert deliver("payment_intent.succeeded", paid, account, event_id="evt_late").json()["outcome"] == "duplicate"
    assert len(fake_stripe.api.refunds) == 1
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_payment_after_expiry_completes_when_tickets_are_left(fake_stripe, pending, ticket):
    order, intent_id = pending
    account = order.event.stripe_authorization.stripe_user_id
    Order.objects.filter(pk=order.pk).update(expires_at="2000-01-01T00:00:00Z")
    assert (
        deliver("payment_intent.succeeded", fake_stripe.api.paid(intent_id), account).json()["outcome"] == "completed"
    )
    order.refresh_from_db()
    assert order.status == "completed" and available(order.event, ticket) == 3


def test_signed_event_of_an_unexpected_shape_is_ignored_not_a_500(fake_stripe, pending):
    import hashlib
    import hmac
    import json

    from tests.payments.stripe_fake import WEBHOOK_SECRET

    order, intent_id = pending
    body = json.dumps({"id": "evt_odd", "type": "payment_intent.succeeded", "data": "not an object"})
    stamp = int(time.time())
    mac = hmac.new(WEBHOOK_SECRET.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()
    response = Api().client.post(
        "/v1/webhooks/stripe", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=f"t={stamp},v1={mac}"
    )
    assert response.status_code < 500, response.content
    order.refresh_from_db()
    assert order.status == "pending"
