"""The codes the web client's models declare on events and users (`access-codes`, `discount-codes`), served for real.

Both reach only the codes their own endpoint lists to the caller (staff and the co-organizers of the code's
event, `managed_rows`); anyone else sees an empty list. The related routes are the nested lists
(`/v1/events/<id>/access-codes`, `/v1/users/<id>/discount-codes`, ...). An event's `discount-codes` are its
ticket codes; its event-level code is the separate `discount-code` relationship (admins only).
"""

from eventyay.api.relations import Relation

ACCESS_CODE = "discounts.access_serializers.AccessCodeSerializer"
TICKET_CODE = "discounts.serializers.TicketDiscountCodeSerializer"
#: A marketer's codes may be of either kind, as on `/v1/users/<id>/discount-codes`.
ANY_CODE = "discounts.serializers.MixedDiscountCodeSerializer"


def register():
    from discounts.models import AccessCode, DiscountCode
    from events.domain.session_access import managed_rows
    from events.serializers.event import EventSerializer
    from eventyay.api.includes import register_included_rows
    from eventyay.users.serializers import UserSerializer

    register_included_rows(AccessCode, lambda user: managed_rows(user, AccessCode.objects.all()))
    for serializer, codes, code_serializer in (
        (EventSerializer, {"source": "ticket_discount_codes"}, TICKET_CODE),
        (UserSerializer, {}, ANY_CODE),  # the marketer's codes
    ):
        serializer.contribute_relationship(
            "access_codes", Relation(many=True, read_only=True, related_model=AccessCode), ACCESS_CODE
        )
        serializer.contribute_relationship(
            "discount_codes",
            Relation(many=True, read_only=True, related_model=DiscountCode, **codes),
            code_serializer,
        )
