from payments.models import StripeAuthorization
from tests.conftest import resource

COLLECTION = "/v1/stripe-authorizations"


def link_body(event, code="ac_good"):
    return resource("stripe-authorization", {"stripe-auth-code": code}, {"event": ("event", event.pk)})


def assert_error(response, status, detail=None, pointer=None):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors and errors[0]["status"] == str(status)
    if detail is not None:
        assert any(detail in e.get("detail", "") for e in errors), errors
    if pointer is not None:
        assert any((e.get("source") or {}).get("pointer") == pointer for e in errors), errors
    return errors


def nothing_stored(event):
    event.refresh_from_db()
    return not StripeAuthorization.objects.filter(event=event).exists() and not event.is_stripe_linked
