"""Orders and attendees as Open Event's client reads them (`order`, `attendee`); amounts as JSON numbers."""

from rest_framework_json_api import serializers

from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from payments.models import Attendee, Order

EVENT = "events.serializers.event.EventSerializer"
TICKET = "events.serializers.tickets.TicketSerializer"


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, read_only=True, **kwargs)


BUYER_FIELDS = (
    "address",
    "city",
    "state",
    "country",
    "zipcode",
    "company",
    "tax_business_info",
    "is_billing_enabled",
    "order_notes",
)


class OrderSerializer(ResourceSerializer):
    identifier = serializers.CharField(read_only=True)
    amount = money()
    status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
    payment_mode = serializers.ChoiceField(choices=Order.PaymentMode.choices, required=False)
    discount_code_id = serializers.SerializerMethodField()
    tickets_pdf_url = serializers.SerializerMethodField()
    event = Relation(read_only=True)
    user = Relation(read_only=True)
    discount_code = Relation(read_only=True)
    access_code = Relation(read_only=True)
    attendees = Relation(read_only=True, many=True)
    tickets = Relation(read_only=True, many=True)

    included_serializers = {
        "event": EVENT,
        "user": "eventyay.users.serializers.UserSerializer",
        "attendees": "payments.serializers.orders.AttendeeSerializer",
        "tickets": TICKET,
    }

    class Meta:
        model = Order
        resource_name = "order"
        collection = "orders"
        fields = (
            "identifier",
            "amount",
            "status",
            "payment_mode",
            *BUYER_FIELDS,
            "discount_code_id",
            "paid_via",
            "brand",
            "last4",
            "exp_month",
            "exp_year",
            "transaction_id",
            "cancel_note",
            "created_at",
            "completed_at",
            "expires_at",
            "tickets_pdf_url",
            "event",
            "user",
            "discount_code",
            "access_code",
            "attendees",
            "tickets",
        )
        read_only_fields = (
            "paid_via",
            "brand",
            "last4",
            "exp_month",
            "exp_year",
            "transaction_id",
            "created_at",
            "completed_at",
            "expires_at",
        )

    def get_discount_code_id(self, order):
        return None if order.discount_code_id is None else str(order.discount_code_id)

    def get_tickets_pdf_url(self, order):
        return None  # ticket PDFs are not generated yet (docs/compatibility.md)


ATTENDEE_ANSWERS = (
    "firstname",
    "lastname",
    "email",
    "address",
    "city",
    "state",
    "country",
    "job_title",
    "phone",
    "work_phone",
    "company",
    "tax_business_info",
    "billing_address",
    "home_address",
    "shipping_address",
    "work_address",
    "gender",
    "age_group",
    "birth_date",
    "website",
    "blog",
    "twitter",
    "facebook",
    "github",
    "linkedin",
    "instagram",
    "accept_receive_emails",
    "accept_share_details",
    "accept_video_recording",
    "same_as_buyer",
    "complex_field_values",
)


class AttendeeSerializer(ResourceSerializer):
    complex_field_values = serializers.JSONField(required=False, allow_null=True)
    checkin_times = serializers.CharField(read_only=True)
    checkout_times = serializers.CharField(read_only=True)
    pdf_url = serializers.SerializerMethodField()
    event = Relation(read_only=True)
    order = Relation(read_only=True)
    ticket = Relation(read_only=True)
    user = Relation(read_only=True)

    included_serializers = {"event": EVENT, "ticket": TICKET, "order": "payments.serializers.orders.OrderSerializer"}

    class Meta:
        model = Attendee
        resource_name = "attendee"
        collection = "attendees"
        fields = (
            *ATTENDEE_ANSWERS,
            "tag_id",
            "is_checked_in",
            "checkin_times",
            "checkout_times",
            "pdf_url",
            "event",
            "order",
            "ticket",
            "user",
        )

    def get_pdf_url(self, attendee):
        return None
