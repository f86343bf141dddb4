"""Small helpers every app's write rules use: what a write would leave, and whether it revives a row."""

_MISSING = object()


def merged(instance, attrs, names, defaults=None):
    """The values a write would leave: sent ones over stored ones, else `defaults` (PATCH rules need both).

    `instance` is None on create; `defaults` maps a name to its value when neither is there.
    """
    defaults = defaults or {}
    values = {}
    for name in names:
        value = attrs.get(name, _MISSING)
        if value is _MISSING:
            value = getattr(instance, name, _MISSING) if instance is not None else _MISSING
        values[name] = defaults.get(name) if value is _MISSING else value
    return values


def merged_value(instance, attrs, name, default=None):
    """One name of `merged`: the value sent, else the stored one, else `default`."""
    return merged(instance, attrs, [name], {name: default})[name]


def is_restore(instance, attrs):
    """Whether a write brings a soft-deleted row back (it sends `deleted-at: null`)."""
    return (
        instance is not None
        and getattr(instance, "deleted_at", None) is not None
        and "deleted_at" in attrs
        and not attrs["deleted_at"]
    )


def changed(instance, attrs):
    """The names of `attrs` whose value differs from the stored one.

    The web client saves a whole record (every attribute and loaded relationship), so a rule about which
    fields a caller may change must look at the values that change, not at the names sent.
    """
    return {name for name, value in attrs.items() if getattr(instance, name, _MISSING) != value}
