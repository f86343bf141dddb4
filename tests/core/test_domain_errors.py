"""Domain errors raised by a service become JSON:API errors in one place, with the right status."""

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from eventyay import errors


def _view_raising(exc, renderers=None):
    class Raising(APIView):
        if renderers:
            renderer_classes = renderers
        permission_classes = ()
        authentication_classes = ()

        def get(self, request):
            raise exc

    return Raising.as_view()


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (errors.DomainError("Ends before it starts.", field="ends-at"), 422),
        (errors.DomainError("Not allowed now."), 422),
        (errors.NotFound("No such ticket."), 404),
        (errors.Conflict("Sold out."), 409),
        (errors.Forbidden("Only organizers may do this."), 403),
    ],
)
def test_domain_errors_map_to_their_status_with_the_message(exc, status):
    response = _view_raising(exc)(APIRequestFactory().get("/v1/anything"))
    response.render()
    assert response.status_code == status
    body = response.data if isinstance(response.data, list) else response.data.get("errors", response.data)
    text = str(body)
    assert exc.message in text


def test_a_field_error_points_at_the_field_on_plain_json_views():
    response = _view_raising(errors.DomainError("Ends before it starts.", field="ends-at"), [JSONRenderer])(
        APIRequestFactory().get("/v1/anything")
    )
    response.render()
    assert response.status_code == 422
    assert '"pointer":"/ends-at"' in response.content.decode()
