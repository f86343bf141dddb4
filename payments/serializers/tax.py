"""The event's tax (`tax`, one per event); visitors see only what the ticket page shows."""

from rest_framework_json_api import serializers

from events.serializers.base import EventChildSerializer
from payments.models import Tax

PUBLIC = ("name", "rate", "is_tax_included_in_price", "event")


class TaxSerializer(EventChildSerializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False)

    class Meta:
        model = Tax
        resource_name = "tax"
        collection = "taxes"
        fields = (
            "name",
            "rate",
            "tax_id",
            "is_tax_included_in_price",
            "should_send_invoice",
            "is_invoice_sent",
            "registered_company",
            "contact_name",
            "email",
            "phone",
            "address",
            "city",
            "state",
            "zip",
            "country",
            "invoice_footer",
            "event",
        )


class PublicTaxSerializer(TaxSerializer):
    class Meta(TaxSerializer.Meta):
        fields = PUBLIC
