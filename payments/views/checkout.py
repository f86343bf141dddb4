"""`POST /v1/orders/calculate-amount` (anyone) and `POST /v1/orders/create-order` (a logged-in buyer).

Plain JSON as in the original; the rules are in `payments.domain.orders`.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response

from eventyay.api import permissions as perms
from eventyay.users.views import PlainJSONView
from payments.domain import orders


def body_of(request):
    if not isinstance(request.data, dict):
        raise exceptions.ParseError("The body must be a JSON object.")
    return request.data


class CalculateAmountView(PlainJSONView):
    def post(self, request):
        return Response(orders.calculate_amount(request.user, body_of(request)))


class CreateOrderView(PlainJSONView):
    permission_classes = [perms.IsAuthenticated]

    def post(self, request):
        order, amounts = orders.place_order(request.user, body_of(request))
        return Response(orders.order_document(order, amounts), status=status.HTTP_201_CREATED)
