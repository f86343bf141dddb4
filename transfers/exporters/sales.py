"""Sales exports: an event's orders and attendees as CSV and PDF (the organizers' lists, Open Event's columns).

`load_sales(event)` reads everything in four queries whatever the number of orders (orders with their
buyer and codes, order lines with ticket names, attendees, the attendee form's custom fields), as plain
records; the renderers never touch the database. CSV cells go through `safe_cell` (formulas neutralised).
"""

from dataclasses import dataclass, field

from forms.models import CustomForm
from payments.models import Attendee, Order, OrderTicket
from transfers.exporters import pdf
from transfers.exporters.csv_sessions import write
from transfers.exporters.programme import Record, answer, event_zone

ORDER_COLUMNS = [
    "id",
    "identifier",
    "created_at",
    "completed_at",
    "status",
    "payment_mode",
    "paid_via",
    "currency",
    "amount",
    "discount",
    "tax_amount",
    "quantity",
    "discount_code__code",
    "access_code__code",
    "user__first_name",
    "user__last_name",
    "user__email",
    "company",
    "tax_business_info",
    "address",
    "city",
    "state",
    "country",
    "zipcode",
    "transaction_id",
]
ATTENDEE_COLUMNS = [
    "id",
    "order_id",
    "order__identifier",
    "order__created_at",
    "order__status",
    "order__payment_mode",
    "ticket__name",
    "ticket__type",
    "ticket__price",
    "firstname",
    "lastname",
    "email",
    "phone",
    "job_title",
    "company",
    "tax_business_info",
    "address",
    "city",
    "state",
    "country",
    "is_checked_in",
    "checkin_times",
    "checkout_times",
    "complex_field_values",
]
ORDER_HEADERS = (
    "Order#",
    "Order Date",
    "Status",
    "Payment Type",
    "Paid Via",
    "Currency",
    "Total Amount",
    "Discount",
    "Tax",
    "Quantity",
    "Tickets",
    "Discount Code",
    "Access Code",
    "First Name",
    "Last Name",
    "Email",
    "Company",
    "Tax ID",
    "Address",
    "City",
    "State",
    "Country",
    "Zipcode",
    "Transaction ID",
    "Completed At",
)
ATTENDEE_HEADERS = (
    "Order#",
    "Order Date",
    "Status",
    "Payment Type",
    "Ticket Name",
    "Ticket Type",
    "Ticket Price",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Job Title",
    "Company",
    "Tax ID",
    "Address",
    "City",
    "State",
    "Country",
    "Checked In",
    "Check-in Times",
    "Check-out Times",
)
TIME_FORMAT = "%Y-%m-%d %H:%M %z"


@dataclass
class Sales:
    event: object
    orders: list
    attendees: list
    attendee_fields: list = field(default_factory=list)

    def __post_init__(self):
        self.tz = event_zone(self.event)

    def moment(self, value):
        return value.astimezone(self.tz).strftime(TIME_FORMAT) if value else ""


def _records(queryset, columns):
    return [
        Record(**{name.replace("__", "_"): value for name, value in row.items()}) for row in queryset.values(*columns)
    ]


def load_sales(event):
    """Every order of `event` (each status: the organizers reconcile cancelled and refunded ones too), its
    lines as text, and every attendee with the order's and ticket's columns; four queries."""
    orders = _records(Order.objects.filter(event=event).order_by("created_at", "pk"), ORDER_COLUMNS)
    lines = (
        OrderTicket.objects.filter(order__event=event)
        .order_by("pk")
        .values_list("order_id", "ticket__name", "quantity")
    )
    tickets_of = {}
    for order_id, name, quantity in lines:
        tickets_of.setdefault(order_id, []).append(f"{quantity} × {name}")
    for order in orders:
        order.tickets = "; ".join(tickets_of.get(order.id, ()))
    attendees = _records(Attendee.objects.filter(event=event).order_by("order_id", "pk"), ATTENDEE_COLUMNS)
    fields = [
        f for f in CustomForm.objects.filter(event=event, form="attendee").order_by("position", "pk") if f.is_complex
    ]
    return Sales(event=event, orders=orders, attendees=attendees, attendee_fields=fields)


def _money(value):
    return "" if value is None else f"{value:.2f}"


def _buyer(order):
    return " ".join(part for part in (order.user_first_name, order.user_last_name) if part) or ""


def orders_csv(sales):
    rows = [ORDER_HEADERS]
    for o in sales.orders:
        rows.append(
            (
                o.identifier,
                sales.moment(o.created_at),
                o.status,
                o.payment_mode,
                o.paid_via,
                o.currency,
                _money(o.amount),
                _money(o.discount),
                _money(o.tax_amount),
                o.quantity,
                o.tickets,
                o.discount_code_code or "",
                o.access_code_code or "",
                o.user_first_name or "",
                o.user_last_name or "",
                o.user_email or "",
                o.company,
                o.tax_business_info,
                o.address,
                o.city,
                o.state,
                o.country,
                o.zipcode,
                o.transaction_id,
                sales.moment(o.completed_at),
            )
        )
    return write(rows)


def attendees_csv(sales):
    fields = sales.attendee_fields
    rows = [(*ATTENDEE_HEADERS, *(f.name or f.field_identifier for f in fields))]
    for a in sales.attendees:
        rows.append(
            (
                a.order_identifier,
                sales.moment(a.order_created_at),
                a.order_status,
                a.order_payment_mode,
                a.ticket_name,
                a.ticket_type,
                _money(a.ticket_price),
                a.firstname,
                a.lastname,
                a.email,
                a.phone,
                a.job_title,
                a.company,
                a.tax_business_info,
                a.address,
                a.city,
                a.state,
                a.country,
                "Yes" if a.is_checked_in else "No",
                a.checkin_times,
                a.checkout_times,
                *(answer(a, f) for f in fields),
            )
        )
    return write(rows)


def orders_pdf(sales):
    columns = [
        ("Order", 3),
        ("Date", 1.6),
        ("Status", 1),
        ("Payment", 1),
        ("Buyer", 2.4),
        ("Tickets", 3),
        ("Amount", 1),
    ]
    printer = pdf.TablePrinter(f"{sales.event.name}: orders", columns)
    for o in sales.orders:
        buyer = _buyer(o)
        buyer = f"{buyer} <{o.user_email}>" if buyer and o.user_email else (buyer or o.user_email or "")
        amount = f"{_money(o.amount)} {o.currency}".strip()
        printer.row([o.identifier, sales.moment(o.created_at), o.status, o.payment_mode, buyer, o.tickets, amount])
    return printer.finish()


def attendees_pdf(sales):
    columns = [("Name", 2.4), ("E-mail", 2.6), ("Ticket", 2), ("Order", 3), ("Status", 1), ("Checked in", 0.9)]
    printer = pdf.TablePrinter(f"{sales.event.name}: attendees", columns)
    for a in sales.attendees:
        name = f"{a.firstname} {a.lastname}".strip()
        printer.row(
            [name, a.email, a.ticket_name, a.order_identifier, a.order_status, "Yes" if a.is_checked_in else "No"]
        )
    return printer.finish()
