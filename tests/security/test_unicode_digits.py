"""Refs of digits that are not ASCII are not ids: 404, never 500 (`"²"` passes `str.isdigit`, `int("²")` raises)."""

import pytest

from tests.conftest import Api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "%C2%B2"
ARABIC_THREE = "%D9%A3"  # int() reads it as 3; it is still not an id a client was given


@pytest.mark.parametrize("ref", [SUPERSCRIPT_TWO, ARABIC_THREE])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("get", "/v1/events/{ref}"),
        ("get", "/v1/events/{ref}/sessions"),
        ("get", "/v1/events/{ref}/tax"),
        ("get", "/v1/orders/{ref}"),
        ("get", "/v1/orders/{ref}/attendees"),
        ("get", "/v1/tickets/{ref}/order-statistics"),
        ("post", "/v1/orders/{ref}/create-payment-intent"),
        ("post", "/v1/sessions/{ref}/notify"),
        ("post", "/v1/role-invites/{ref}/resend-invite"),
        ("post", "/v1/speaker-invites/{ref}/accept-invite"),
    ],
)
def test_non_ascii_digits_are_not_ids(event, ref, method, template):
    api = Api(UserFactory())
    url = template.format(ref=ref)
    response = api.client.generic(
        method.upper(), url, "{}", "application/vnd.api+json", HTTP_ACCEPT="application/vnd.api+json"
    )
    assert response.status_code == 404, (url, response.status_code, response.content[:300])
