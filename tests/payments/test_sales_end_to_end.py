"""One sale per payment mode, end to end through the HTTP API: free; Stripe on the event's connected
account (the local fake answers like Stripe and the test delivers Stripe's signed webhooks); cheque,
bank and on site completed by an organizer. Each checks stock, attendees, the buyer's mail and the
order statistics afterwards."""

from decimal import Decimal

import pytest
from django.core import mail

from payments.models import Order
from tests.conftest import Api, resource
from tests.factories.events import TicketFactory
from tests.factories.payments import StripeAuthorizationFactory
from tests.factories.users import UserFactory
from tests.payments.stripe_fake import signed_delivery

pytestmark = pytest.mark.django_db

WEBHOOK = "/v1/webhooks/stripe"


def place(user, ticket, quantity):
    response = Api(user).post_json("/v1/orders/create-order", {"tickets": [{"id": ticket.pk, "quantity": quantity}]})
    assert response.status_code == 201, response.content
    return Order.objects.get(identifier=response.json()["identifier"])


def available(event, ticket):
    rows = Api().get(f"/v1/events/{event.pk}/tickets/availability").json()
    return next(row["available"] for row in rows if row["id"] == ticket.pk)


def statistics(api, event):
    return api.get(f"/v1/events/{event.pk}/order-statistics").json()["data"]["attributes"]


def deliver(type_, obj, account, **kwargs):
    body, signature = signed_delivery(type_, obj, account, **kwargs)
    return Api().client.post(WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def patch_order(api, order, **attributes):
    return api.patch(f"/v1/orders/{order.identifier}", resource("order", attributes, id=order.pk))


@pytest.fixture
def buyer(db):
    return UserFactory()


def test_free_order_completes_at_once(as_role, event, buyer, django_capture_on_commit_callbacks):
    free = TicketFactory(event=event, type="free", price=None, quantity=5)
    with django_capture_on_commit_callbacks(execute=True):
        order = place(buyer, free, 2)
    assert order.status == "completed" and order.payment_mode == "free"
    assert order.attendees.count() == 2 and available(event, free) == 3
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    stats = statistics(as_role("organizer"), event)
    assert stats["orders"]["completed"] == 1 and stats["tickets"]["completed"] == 2 and stats["sales"]["completed"] == 0


@pytest.mark.parametrize(
    ("mode", "flag"), [("cheque", "can_pay_by_cheque"), ("bank", "can_pay_by_bank"), ("onsite", "can_pay_onsite")]
)
def test_offline_order_placed_then_completed_by_an_organizer(
    as_role, event, buyer, mode, flag, django_capture_on_commit_callbacks
):
    setattr(event, flag, True)
    event.save()
    ticket = TicketFactory(event=event, price=Decimal("20.00"), quantity=6)
    order = place(buyer, ticket, 2)
    assert patch_order(Api(buyer), order, status="placed", **{"payment-mode": mode}).status_code == 200
    assert available(event, ticket) == 4 and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert patch_order(as_role("coorganizer"), order, status="completed").status_code == 200
    order.refresh_from_db()
    assert order.status == "completed" and order.payment_mode == mode
    assert order.attendees.count() == 2 and available(event, ticket) == 4
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    stats = statistics(as_role("organizer"), event)
    assert (
        stats["orders"]["completed"] == 1 and stats["tickets"]["completed"] == 2 and stats["sales"]["completed"] == 40
    )


def test_stripe_order_paid_on_the_connected_account(
    as_role, event, buyer, fake_stripe, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_APPLICATION_FEE_PERCENT = "5"
    event.can_pay_by_stripe, event.payment_currency = True, "EUR"
    event.save()
    link = StripeAuthorizationFactory(event=event)
    ticket = TicketFactory(event=event, price=Decimal("25.50"), quantity=10)
    order = place(buyer, ticket, 3)
    assert available(event, ticket) == 7

    # The buyer asks for a PaymentIntent: created on the organizer's account, with the platform's fee.
    response = Api(buyer).post_json(f"/v1/orders/{order.identifier}/create-payment-intent", {})
    assert response.status_code == 200, response.content
    answer = response.json()
    intent = fake_stripe.api.intents[answer["payment_intent_id"]]
    assert intent["_account"] == link.stripe_user_id == answer["stripe_account"]
    assert intent["amount"] == 7650 and intent["currency"] == "eur" and intent["application_fee_amount"] == 383
    assert intent["metadata"] == {"order_identifier": order.identifier, "event_id": str(event.pk)}
    assert answer["client_secret"] == intent["client_secret"] and answer["stripe_publishable_key"] == "pk_test_platform"
    call = fake_stripe.calls[-1]
    assert (
        call["path"] == "/v1/payment_intents"
        and call["headers"]["Idempotency-Key"] == f"order-{order.identifier}-intent"
    )
    order.refresh_from_db()
    assert (
        order.status == "pending" and order.transaction_id == intent["id"] and order.application_fee == Decimal("3.83")
    )
    # Asking again gives the same intent (idempotency key per order).
    again = Api(buyer).post_json(f"/v1/orders/{order.identifier}/create-payment-intent", {})
    assert again.json()["payment_intent_id"] == intent["id"] and len(fake_stripe.api.intents) == 1

    paid = fake_stripe.api.paid(intent["id"])
    # A forged signature is 400 and changes nothing.
    forged = deliver("payment_intent.succeeded", paid, link.stripe_user_id, secret="whsec_forged")
    assert forged.status_code == 400 and forged.json()["errors"][0]["status"] == "400"
    order.refresh_from_db()
    assert order.status == "pending" and mail.outbox == []

    # Stripe's signed webhook completes the order and mails the buyer.
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver("payment_intent.succeeded", paid, link.stripe_user_id)
    assert response.status_code == 200 and response.json()["outcome"] == "completed"
    order.refresh_from_db()
    assert order.status == "completed" and order.payment_mode == "stripe" and order.completed_at is not None
    assert order.attendees.count() == 3 and available(event, ticket) == 7
    assert [m.to for m in mail.outbox] == [[buyer.email]]

    # A replayed delivery changes nothing.
    completed_at = order.completed_at
    with django_capture_on_commit_callbacks(execute=True):
        replay = deliver("payment_intent.succeeded", paid, link.stripe_user_id)
    assert replay.status_code == 200 and replay.json()["outcome"] == "duplicate"
    order.refresh_from_db()
    assert order.completed_at == completed_at and len(mail.outbox) == 1
    stats = statistics(as_role("organizer"), event)
    assert stats["orders"]["completed"] == 1 and stats["tickets"]["completed"] == 3
    assert Decimal(str(stats["sales"]["completed"])) == Decimal("76.50")

    # An organizer refunds: through the connected account, and the stock comes back.
    response = patch_order(as_role("coorganizer"), order, status="refunded")
    assert response.status_code == 200, response.content
    [refund] = fake_stripe.api.refunds
    assert refund["_account"] == link.stripe_user_id and refund["payment_intent"] == intent["id"]
    assert refund["refund_application_fee"] == "true"
    assert available(event, ticket) == 10
    # Stripe then confirms with charge.refunded: nothing more happens.
    charge = {"id": "ch_1", "object": "charge", "payment_intent": intent["id"], "refunded": True, "metadata": {}}
    assert deliver("charge.refunded", charge, link.stripe_user_id).json()["outcome"] == "unchanged"
    assert len(fake_stripe.api.refunds) == 1
    order.refresh_from_db()
    assert order.status == "refunded"
