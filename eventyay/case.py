"""Name case helpers: the wire's dasherized names, Python's underscored ones, form identifiers in camelCase."""

import re

_WORD_BREAKS = re.compile(r"[-_ ]+")


def undasherize(name):
    """`starts-at` → `starts_at` (query parameters and filter names arrive dasherized)."""
    return str(name).replace("-", "_")


def camel(name):
    """`short_abstract` / `short-abstract` / `short abstract` → `shortAbstract` (custom-form identifiers)."""
    head, *rest = _WORD_BREAKS.split(str(name))
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
