"""What a PATCH may change on an order or an attendee, and who may: the buyer, the event's team, staff.

The buyer fills billing details and chooses how to pay (`pending` for Stripe, `placed` for cheque,
bank or on site, as the event allows); the event's co-organizers complete placed orders, cancel and
refund; registrars check attendees in and out. Status changes go through `lifecycle`.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.signals import validate_submission
from eventyay import errors
from eventyay.api import permissions as perms
from payments.domain import lifecycle
from payments.models import Order

S = Order.Status
M = Order.PaymentMode
#: Who checks attendees in: registrars and the event's organizers.
CHECK_IN_ROLES = perms.CO_ORGANIZER | {"registrar"}
ALLOWED_MODE = {
    M.STRIPE: "can_pay_by_stripe",
    M.CHEQUE: "can_pay_by_cheque",
    M.BANK: "can_pay_by_bank",
    M.ONSITE: "can_pay_onsite",
}


def manages(user, event):
    return perms.has_event_role(user, event, perms.CO_ORGANIZER)


def may_read_order(user, order):
    return bool(user and user.is_authenticated) and (
        order.user_id == user.pk or perms.has_event_role(user, order.event, CHECK_IN_ROLES)
    )


def readable_sales(user, queryset, order_path=""):
    """The orders (or attendees, through `order_path`) `may_read_order` lets the caller read, as a queryset:
    staff all, the buyer his own, the event's team (`CHECK_IN_ROLES`) those of its events."""
    if perms.is_staff(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    from events.models import UsersEventsRoles

    team = UsersEventsRoles.objects.filter(user=user, role__name__in=CHECK_IN_ROLES).values("event_id")
    return queryset.filter(Q(**{f"{order_path}user": user}) | Q(**{f"{order_path}event__in": team}))


def _check_mode(event, mode):
    flag = ALLOWED_MODE.get(mode)
    if flag is None or not getattr(event, flag, False):
        raise errors.DomainError(f"This event does not take payments by {mode}.", field="payment_mode")


@transaction.atomic
def update_order(user, order, attrs):
    """Apply a PATCH of `order` by `user`; returns the order as it now is."""
    attrs = dict(attrs)
    is_manager, is_buyer = manages(user, order.event), order.user_id == user.pk
    if not (is_manager or is_buyer):
        raise errors.Forbidden("Only the buyer and the event's organizers may change an order.")
    status, mode = attrs.pop("status", None), attrs.pop("payment_mode", None)
    if attrs:
        if order.status in Order.ENDED or (order.status == S.COMPLETED and not is_manager):
            raise errors.DomainError(f"The details of a {order.status} order cannot be changed.", field="status")
        for name, value in attrs.items():
            setattr(order, name, value)
        order.save(update_fields=list(attrs))
    if status is None or status == order.status:
        if mode and mode != order.payment_mode and order.status in Order.UNPAID:
            _check_mode(order.event, mode)
            order.payment_mode = mode
            order.save(update_fields=["payment_mode"])
        return order
    mode = mode or order.payment_mode
    if status == S.CANCELLED:
        if not is_manager and order.status not in (*Order.UNPAID, S.PLACED):
            raise errors.Forbidden("Only the event's organizers may cancel a completed order.")
        return lifecycle.cancel(order, note=attrs.get("cancel_note", ""))
    if status == S.PENDING:
        if mode != M.STRIPE:
            raise errors.DomainError("An order waits for an online payment only with payment-mode stripe.", "status")
        _check_mode(order.event, mode)
        return lifecycle.mark_pending(order, mode)
    if status == S.PLACED:
        if mode not in Order.OFFLINE:
            raise errors.DomainError("Only cheque, bank and on-site orders are placed.", field="payment_mode")
        _check_mode(order.event, mode)
        return lifecycle.place(order, mode)
    if status == S.COMPLETED:
        if not is_manager:
            raise errors.Forbidden("An order is completed by its payment, or by the event's organizers.")
        if order.status in Order.UNPAID and lifecycle.is_lapsed(order):
            raise errors.Conflict("This order has expired; its tickets were given back.", field="status")
        lifecycle.complete(order, payment_mode=mode or M.ONSITE)
        return order
    if status == S.REFUNDED:
        if not is_manager:
            raise errors.Forbidden("Only the event's organizers may refund an order.")
        return lifecycle.refund(order)
    raise errors.DomainError(f"An order cannot be set to {status} by hand.", field="status")


@transaction.atomic
def update_attendee(user, attendee, attrs, now=None):
    """Answers by the buyer (checked against the event's attendee form); check-in/out by registrars."""
    attrs = dict(attrs)
    order, event = attendee.order, attendee.event
    checked_in = attrs.pop("is_checked_in", None)
    if attrs:
        if not (order.user_id == user.pk or manages(user, event)):
            raise errors.Forbidden("Only the buyer and the event's organizers may change an attendee's details.")
        if order.status in Order.ENDED:
            raise errors.DomainError(f"The attendees of a {order.status} order cannot be changed.")
        problems = validate_submission("attendee", event, attrs, instance=attendee, user=user)
        if problems:
            field, messages = next(iter(problems.items()))
            raise errors.DomainError(messages[0], field=field)
        for name, value in attrs.items():
            setattr(attendee, name, value)
    if checked_in is not None and checked_in != attendee.is_checked_in:
        if not perms.has_event_role(user, event, CHECK_IN_ROLES):
            raise errors.Forbidden("Only the event's registrars and organizers check attendees in and out.")
        if order.status != S.COMPLETED:
            raise errors.DomainError("Only attendees of a completed order can be checked in.", field="is_checked_in")
        stamp = (now or timezone.now()).isoformat()
        column = "checkin_times" if checked_in else "checkout_times"
        setattr(attendee, column, ",".join(filter(None, [getattr(attendee, column), stamp])))
        attendee.is_checked_in = checked_in
    attendee.save()
    return attendee
