"""Event rules callable from views, jobs, commands and tests alike."""

import re
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone as dj_timezone
from rest_framework.exceptions import PermissionDenied

from events.models import Event, Role, SocialLink, SpeakersCall, Ticket, UsersEventsRoles
from events.signals import event_created
from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict, UnprocessableEntity

MAX_EVENT_DAYS = 20


def known_timezones():
    return zoneinfo.available_timezones()


def date_errors(starts_at, ends_at, require_both=True):
    """Open Event's date rules for published events; returns {field: [message]}."""
    errors = {}
    if require_both and (starts_at is None or ends_at is None):
        for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
            if value is None:
                errors[name] = ["This field is required for a published event."]
        return errors
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = ["ends-at must be after starts-at."]
        elif ends_at - starts_at > timedelta(days=MAX_EVENT_DAYS):
            errors["ends_at"] = [f"An event cannot last longer than {MAX_EVENT_DAYS} days."]
    return errors


def grant_role(user, event, role_name):
    role = Role.named(role_name)
    return UsersEventsRoles.objects.get_or_create(user=user, event=event, role=role)[0]


@transaction.atomic
def create_event(user, **fields):
    """Create an event owned by `user`; other apps add their defaults through `event_created`."""
    topic = fields.get("event_topic")
    if not fields.get("original_image_url") and topic is not None and topic.system_image_url:
        fields["original_image_url"] = topic.system_image_url
    event = Event.objects.create(**fields)
    grant_role(user, event, "owner")
    event_created.send(sender=Event, event=event, user=user)
    return event


# ----------------------------------------------------------------- programme
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_hex_color(value):
    return bool(value and HEX_COLOR.match(value))


def normalize_length(value):
    """A session type's length as `HH:MM` (Open Event parses it with `%H:%M`), or None when malformed."""
    try:
        return datetime.strptime(str(value).strip(), "%H:%M").strftime("%H:%M")
    except ValueError:
        return None


def check_one_speakers_call(event, exclude=None):
    """One live call for speakers per event (409)."""
    clash = SpeakersCall.objects.filter(event=event)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Conflict("Speakers Call already exists for this event.")


# -------------------------------------------------------------------- tickets
TICKET_RULE_FIELDS = (
    "event",
    "name",
    "type",
    "price",
    "min_price",
    "max_price",
    "quantity",
    "sales_starts_at",
    "sales_ends_at",
    "min_order",
    "max_order",
)
PAYMENT_FLAGS = (
    "can_pay_by_paypal",
    "can_pay_by_stripe",
    "can_pay_by_cheque",
    "can_pay_by_bank",
    "can_pay_by_invoice",
    "can_pay_by_omise",
    "can_pay_by_alipay",
    "can_pay_by_paytm",
    "can_pay_onsite",
)


def ticket_errors(t, check_payment=True):
    """Open Event's ticket rules on the merged values; returns {field: [message]}.

    The payment-method rule is checked when a ticket is created or changes type, not on every edit.
    """
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    event = t["event"]
    starts, ends = t["sales_starts_at"], t["sales_ends_at"]
    if starts and ends and ends <= starts:
        add("sales_ends_at", "sales-ends-at must be after sales-starts-at.")
    if ends and event is not None and event.ends_at and ends > event.ends_at:
        add("sales_ends_at", "Ticket sales must end before the event ends.")
    min_order, max_order, quantity = t["min_order"], t["max_order"], t["quantity"]
    if min_order is not None and max_order is not None and max_order < min_order:
        add("max_order", "max-order must be greater than or equal to min-order.")
    if quantity is not None:
        if quantity <= 0:
            add("quantity", "quantity must be greater than 0.")
        elif min_order is not None and quantity < min_order:
            add("quantity", "quantity must be greater than or equal to min-order.")
        elif max_order is not None and quantity < max_order:
            add("quantity", "quantity must be greater than or equal to max-order.")
    kind = t["type"]
    prices_known = t["min_price"] is not None and t["max_price"] is not None
    if kind == Ticket.Type.DONATION and prices_known and t["min_price"] > t["max_price"]:
        add("min_price", "min-price must be less than or equal to max-price.")
    if kind == Ticket.Type.PAID and (t["price"] is None or t["price"] <= Decimal("0")):
        add("price", "A paid ticket needs a price greater than 0.")
    sells = kind in (Ticket.Type.PAID, Ticket.Type.DONATION)
    if check_payment and sells and event is not None and not any(getattr(event, flag) for flag in PAYMENT_FLAGS):
        add("event", "Set at least one payment method on the event before selling paid or donation tickets.")
    return errors


def check_ticket_name_free(event, name, exclude=None):
    """A name is unique among the event's live tickets (409)."""
    clash = Ticket.objects.filter(event=event, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise Conflict("Ticket already exists")


#: Functions `(tickets) -> {ticket_id: sold}` that apps owning orders register in `AppConfig.ready()`,
#: so that availability counts sales without `events` importing them.
sold_ticket_counters = []


def sold_counts(tickets):
    """Tickets sold per ticket id, from every registered counter; none registered is a setup error, not 0 sold."""
    if not sold_ticket_counters:
        raise ImproperlyConfigured("No app counts sold tickets: `payments` registers one in its AppConfig.ready().")
    counts = {}
    for counter in sold_ticket_counters:
        for ticket_id, sold in (counter(tickets) or {}).items():
            counts[ticket_id] = counts.get(ticket_id, 0) + sold
    return counts


def tickets_visible_to(user, queryset=None):
    """Tickets the user may read anywhere: hidden ones only on events they own or organize (or as staff)."""
    queryset = Ticket.objects.all() if queryset is None else queryset
    if perms.is_staff(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(is_hidden=False)
    organized = UsersEventsRoles.objects.filter(user=user, role__name__in=perms.ORGANIZER).values("event_id")
    return queryset.filter(Q(is_hidden=False) | Q(event__in=organized))


def visible_tickets(user, event):
    """The event's live tickets the user may see: hidden ones only for owner/organizers and staff."""
    tickets = Ticket.objects.filter(event=event)
    if not perms.has_event_role(user, event, perms.ORGANIZER):
        tickets = tickets.filter(is_hidden=False)
    return tickets


def ticket_availability(user, event):
    """`[{"id","name","quantity","available"}]` for the tickets the user may see."""
    tickets = list(visible_tickets(user, event))
    sold = sold_counts(tickets)
    rows = []
    for ticket in tickets:
        available = None if ticket.quantity is None else max(ticket.quantity - sold.get(ticket.pk, 0), 0)
        rows.append({"id": ticket.pk, "name": ticket.name, "quantity": ticket.quantity, "available": available})
    return rows


# --------------------------------------------------------------------- events
def upcoming_events():
    """Published public events still to come, promoted or complete enough to show on a front page."""
    now = dj_timezone.now()
    on_sale = Ticket.objects.filter(
        event=OuterRef("pk"), is_hidden=False, sales_starts_at__lte=now, sales_ends_at__gte=now
    ).filter(Q(quantity__isnull=True) | Q(quantity__gt=0))
    twitter = SocialLink.objects.filter(event=OuterRef("pk"), name__iexact="twitter")
    complete = (
        Q(is_demoted=False)
        & Q(original_image_url__gt="")
        & Q(logo_url__gt="")
        & Q(event_type__isnull=False)
        & Q(event_topic__isnull=False)
        & Q(event_sub_topic__isnull=False)
        & Exists(on_sale)
        & Exists(twitter)
    )
    return (
        Event.objects.filter(state=Event.State.PUBLISHED, privacy=Event.Privacy.PUBLIC)
        .filter(starts_at__gt=now, ends_at__gt=now)
        .filter(Q(is_promoted=True) | complete)
        .order_by("starts_at", "pk")
    )


def events_with_role(user, role_names=None):
    """Events on which `user` holds one of `role_names` (any role but attendee when None)."""
    rows = UsersEventsRoles.objects.filter(user=user)
    rows = rows.filter(role__name__in=role_names) if role_names else rows.exclude(role__name="attendee")
    return Event.objects.filter(pk__in=rows.values("event_id"))


# ---------------------------------------------------------------------- roles
def check_role_change(role, new_name=None):
    """Built-in roles keep their names (422); Open Event forgot to register this hook."""
    if role.is_built_in and new_name is not None and new_name != role.name:
        raise UnprocessableEntity("Built-in roles cannot be renamed.", pointer="name")


def check_role_deletable(role):
    if role.is_built_in:
        raise UnprocessableEntity("Built-in roles cannot be deleted.")
    if role.user_roles.exists():
        raise Conflict("This role is still given to users on events.")


def check_event_role_change(user, row, attrs):
    """Nobody takes the owner's row or hands out ownership here (role invites do that); 403."""
    if row is not None and row.role.name == "owner" and attrs:
        raise PermissionDenied("The owner's role cannot be changed; transfer ownership instead.")
    role = attrs.get("role")
    if role is not None and role.name == "owner" and not perms.is_staff(user):
        raise PermissionDenied("Ownership is transferred by a role invite, not here.")
    if row is not None:
        user_id = attrs["user"].pk if "user" in attrs else row.user_id
        role_id = role.pk if role is not None else row.role_id
        clash = UsersEventsRoles.objects.filter(user_id=user_id, event_id=row.event_id, role_id=role_id)
        if clash.exclude(pk=row.pk).exists():
            raise Conflict("This user already holds this role on this event.")


def check_event_role_deletable(row):
    if row.role.name == "owner":
        raise PermissionDenied("The owner's role cannot be deleted.")
