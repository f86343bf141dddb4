"""The CSV export of an event's codes with their use counts, spreadsheet formulas neutralised."""

import csv
import io

from django.db.models import Q

from discounts.models import DiscountCode
from discounts.services.codes import event_code_of
from eventyay.spreadsheets import safe_cell

CSV_COLUMNS = (
    "id",
    "code",
    "used_for",
    "type",
    "value",
    "is_active",
    "tickets_number",
    "used_count",
    "uses_left",
    "min_quantity",
    "max_quantity",
    "valid_from",
    "valid_till",
    "tickets",
    "created_at",
)


_cell = safe_cell


def export_codes_csv(event, include_event_code=False):
    """The event's live codes with their use counts, as CSV text."""
    codes = list(DiscountCode.objects.filter(event=event).order_by("pk"))
    if include_event_code:
        event_code = event_code_of(event)
        if event_code is not None and event_code.pk not in {c.pk for c in codes}:
            codes.append(event_code)
    # One flat query for the links (a prefetch builds a queryset per code: slow for thousands of codes).
    tickets_of = {}
    links = DiscountCode.tickets.through.objects.filter(
        Q(discountcode__event=event) | Q(discountcode__in=[c.pk for c in codes if c.event_id != event.pk]),
        ticket__deleted_at=None,
    )
    for code_id, ticket_id in links.order_by("ticket_id").values_list("discountcode_id", "ticket_id"):
        tickets_of.setdefault(code_id, []).append(str(ticket_id))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for code in codes:
        row = {name: getattr(code, name, None) for name in CSV_COLUMNS}
        row["tickets"] = " ".join(tickets_of.get(code.pk, ()))
        row["valid_from"] = code.valid_from.isoformat() if code.valid_from else ""
        row["valid_till"] = code.valid_till.isoformat() if code.valid_till else ""
        row["created_at"] = code.created_at.isoformat()
        writer.writerow([_cell(row[name]) for name in CSV_COLUMNS])
    return out.getvalue()
