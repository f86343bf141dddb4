"""What discount codes and access codes share: when a code may be used, and loading the one an order names."""

from django.utils import timezone

from eventyay import errors


def validity_error(code, event, label, now=None):
    """Why `code` (a discount or access code, named `label` in the message) cannot be used now; None if it can."""
    now = now or timezone.now()
    if not code.is_active:
        return f"{label} is not active"
    if code.valid_from and now < code.valid_from:
        return f"{label} is not valid yet"
    ends = code.valid_till or (event.ends_at if event is not None else None)
    if ends and now > ends:
        return f"{label} has expired"
    return None


def store(model, instance, attrs, tickets=None):
    """Create a code from `attrs`, or set the sent `attrs` on `instance`; then its tickets, when given."""
    if instance is None:
        instance = model.objects.create(**attrs)
    else:
        for name, value in attrs.items():
            setattr(instance, name, value)
        instance.save()
    if tickets is not None:
        instance.tickets.set(tickets)
    return instance


def load_code(model, code_id, label, field, lock=False):
    """The code an order names (locked for the transaction when `lock`); 422 at `field` when there is none."""
    queryset = model.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    code = queryset.filter(pk=code_id).first()
    if code is None:
        raise errors.DomainError(f"{label} {code_id} does not exist.", field=field)
    return code
