"""`POST /v1/orders/calculate-amount` (anyone) and `POST /v1/orders/create-order` (a logged-in buyer).

Plain JSON as in the original; the rules are in `payments.domain.orders`.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response

from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import MONEY, STRING, json_body, obj
from payments.domain import orders

AMOUNTS = obj(
    {
        "sub_total": MONEY,
        "discount": MONEY,
        "total": MONEY,
        "tax": {"type": "number", "nullable": True},
        "tickets": {
            "type": "array",
            "items": obj(
                {
                    "id": {"type": "integer"},
                    "name": STRING,
                    "price": MONEY,
                    "quantity": {"type": "integer"},
                    "sub_total": MONEY,
                    "discount": {"type": "object", "nullable": True},
                }
            ),
        },
    },
    ["sub_total", "discount", "total", "tickets"],
)

ORDER_BODY = json_body(
    obj(
        {
            "tickets": {
                "type": "array",
                "items": obj({"id": {"type": "integer"}, "quantity": {"type": "integer"}, "price": MONEY}, ["id"]),
            },
            "discount-code": {"type": "integer"},
        },
        ["tickets"],
    )
)


def body_of(request):
    if not isinstance(request.data, dict):
        raise exceptions.ParseError("The body must be a JSON object.")
    return request.data


@plain_schema(post=operation(ORDER_BODY, AMOUNTS, errors=(400, 415, 422), tag="orders"))
class CalculateAmountView(PlainJSONView):
    def post(self, request):
        return Response(orders.calculate_amount(request.user, body_of(request)))


@plain_schema(
    post=operation(ORDER_BODY, AMOUNTS, status=201, errors=(400, 401, 404, 409, 415, 422), login=True, tag="orders")
)
class CreateOrderView(PlainJSONView):
    permission_classes = [perms.IsAuthenticated]

    def post(self, request):
        order, amounts = orders.place_order(request.user, body_of(request))
        return Response(orders.order_document(order, amounts), status=status.HTTP_201_CREATED)
