"""Stripe's payment API as the fake server answers it, and Stripe's signed webhook deliveries.

`FakeStripeApi.answer` handles `POST /v1/payment_intents` and `POST /v1/refunds` like Stripe: a
connected account must be named (`Stripe-Account`), an `Idempotency-Key` replays the first answer.
`signed_delivery` builds a webhook body and its `Stripe-Signature` (HMAC-SHA256 of "t.body").
"""

import hashlib
import hmac
import itertools
import json
import threading
import time

WEBHOOK_SECRET = "whsec_WEBHOOKSECRET0123456789"


class FakeStripeApi:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.intents, self.refunds, self.replies = {}, [], {}
        self.numbers = itertools.count(1)
        self.fail_with = None  # e.g. (402, {...}) for the next call

    def answer(self, path, params, headers):
        account = headers.get("Stripe-Account")
        key = headers.get("Idempotency-Key")
        with self.lock:
            if key and (path, key) in self.replies:
                return self.replies[(path, key)]
            if self.fail_with is not None:
                reply, self.fail_with = self.fail_with, None
                return reply
            if not account:
                reply = 400, {"error": {"type": "invalid_request_error", "message": "No connected account."}}
            elif path == "/v1/payment_intents":
                reply = 200, self._intent(params, account)
            elif path == "/v1/refunds":
                reply = self._refund(params, account)
            else:
                reply = 404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}}
            if key:
                self.replies[(path, key)] = reply
            return reply

    def _intent(self, params, account):
        number = next(self.numbers)
        intent = {
            "id": f"pi_fake{number}",
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "application_fee_amount": int(params["application_fee_amount"])
            if "application_fee_amount" in params
            else None,
            "client_secret": f"pi_fake{number}_secret_abc",
            "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            "status": "requires_payment_method",
            "on_behalf_of": None,
            "_account": account,
        }
        self.intents[intent["id"]] = intent
        return {k: v for k, v in intent.items() if not k.startswith("_")}

    def _refund(self, params, account):
        intent = self.intents.get(params.get("payment_intent"))
        if intent is None or intent["_account"] != account:
            return 404, {"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}
        refund = {"id": f"re_fake{next(self.numbers)}", "object": "refund", "status": "succeeded", **params}
        self.refunds.append({**refund, "_account": account})
        return 200, refund

    def paid(self, intent_id):
        """The intent as Stripe reports it once the buyer paid."""
        intent = self.intents[intent_id]
        intent.update(status="succeeded", amount_received=intent["amount"])
        return {k: v for k, v in intent.items() if not k.startswith("_")}


def signed_delivery(type_, obj, account, secret=WEBHOOK_SECRET, event_id=None, timestamp=None):
    """(body, Stripe-Signature header) of a Connect webhook event, as Stripe sends it."""
    event = {
        "id": event_id or f"evt_{type_}_{obj.get('id')}",
        "object": "event",
        "type": type_,
        "account": account,
        "created": int(time.time()),
        "data": {"object": obj},
    }
    body = json.dumps(event)
    stamp = int(timestamp if timestamp is not None else time.time())
    mac = hmac.new(secret.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={mac}"
