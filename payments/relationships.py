"""The sales relationships the web client's models declare on events, tickets and users, served for real.

`orders` and `attendees` show only the rows `/v1/orders/<id>` would let the caller read (`readable_sales`: the
buyer, the event's team, staff), wherever they are included; their related routes are the nested lists
(`/v1/events/<id>/orders`, `/v1/tickets/<id>/orders`, `/v1/users/<id>/attendees`, ...). The event's `tax`
is its public part for everyone (name, rate, included or not); co-organizers read the rest at `/v1/events/<id>/tax`.
"""

from eventyay.api.relations import Relation

ORDER = "payments.serializers.orders.OrderSerializer"
ATTENDEE = "payments.serializers.orders.AttendeeSerializer"


def register():
    from events.serializers.event import EventSerializer
    from events.serializers.tickets import TicketSerializer
    from eventyay.api.includes import register_included_rows
    from eventyay.users import extensions
    from eventyay.users.models import User
    from eventyay.users.serializers import UserSerializer
    from payments.domain.changes import readable_sales
    from payments.models import Attendee, Order, Tax

    register_included_rows(Order, lambda user: readable_sales(user, Order.objects.select_related("event")))
    # An order's buyer renders as the full `user` (with its is-user-<role> flags): any user, loaded as
    # `/v1/users` loads them, so that `events?include=orders.user` costs the same for 1 event and 100.
    register_included_rows(User, lambda user: User.objects.prefetch_related(*extensions.role_prefetches()))
    register_included_rows(Attendee, lambda user: readable_sales(user, Attendee.objects.all(), "order__"))
    for serializer in (EventSerializer, TicketSerializer, UserSerializer):
        serializer.contribute_relationship("orders", Relation(many=True, read_only=True, related_model=Order), ORDER)
        serializer.contribute_relationship(
            "attendees", Relation(many=True, read_only=True, related_model=Attendee), ATTENDEE
        )
    EventSerializer.contribute_relationship(
        "tax",
        Relation(read_only=True, related_model=Tax, allow_null=True),
        "payments.serializers.tax.PublicTaxSerializer",
    )
