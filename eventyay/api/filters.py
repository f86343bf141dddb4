"""Query parameters shared by every list: Open Event's JSON filter syntax, `filter[x]=y` and `sort`.

Filter and sort names are the resource's dasherized attribute names (or to-one
relationships with `has`/to-many with `any`); only fields the serializer shows
can be filtered or sorted on, so a filter can never probe a hidden column.
Anything malformed is a 400 with `source.parameter`, never a 500.
"""

import json
import re

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from rest_framework.exceptions import ParseError
from rest_framework.filters import BaseFilterBackend

from eventyay.api import like  # noqa: F401  (registers the sqllike lookups)
from eventyay.case import undasherize

SENSITIVE = re.compile(r"password|secret|token|refresh|_key$|^key$", re.IGNORECASE)
PAGE_KEYS = {"page[size]", "page[number]"}


class FilterError(ParseError):
    def __init__(self, detail, parameter="filter"):
        super().__init__({"detail": detail, "source": {"parameter": parameter}})


def readable_sources(serializer_class):
    """Map of API field name (underscored) to ORM path, for attributes and relationships the API shows."""
    if serializer_class is None:
        return {}
    cached = getattr(serializer_class, "_readable_sources", None)
    if cached is not None and cached[0] is serializer_class:
        return cached[1]
    serializer = serializer_class()
    sources = {}
    for name, field in serializer.fields.items():
        if field.write_only or SENSITIVE.search(name):
            continue
        source = getattr(field, "source", name)
        if source in (None, "*"):
            continue
        if not isinstance(source, str) or not source.replace(".", "").replace("_", "").isalnum():
            continue
        sources[name] = source.replace(".", "__")
    serializer_class._readable_sources = (serializer_class, sources)
    return sources


def _model_field(model, path):
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def related_serializer(serializer_class, name):
    """The serializer that renders relationship `name` of `serializer_class` (None: not a resource)."""
    included = getattr(serializer_class, "included_serializers", None) or {}
    try:
        return included[name]
    except (KeyError, ImportError, AttributeError):
        return None


def step_fields(serializer_class, user):
    """What a filter or sort may read one step into a relationship: the attributes the related resource shows
    to this caller. Attributes a serializer declares `private_fields` (shown to some callers only) are for
    staff alone here: a filter must not turn "shown to the speaker himself" into "countable by anyone"."""
    from eventyay.api.permissions import is_staff

    fields = dict(readable_sources(serializer_class))
    if not is_staff(user):
        for name in getattr(serializer_class, "private_fields", ()):
            fields.pop(name, None)
    return fields


def step_rows(model, user):
    """The rows of `model` that its own endpoint would list for this caller (`register_included_rows`)."""
    from eventyay.api.includes import included_rows

    return included_rows(model, user).values("pk")


def listed_rows(model, user, live=False, prefix=""):
    """The condition "this row of `model` (reached through `prefix`) is one its endpoint lists for this caller";
    `live` also asks that it is not soft-deleted, as a to-one relationship shows it."""
    condition = Q(**{f"{prefix}pk__in": step_rows(model, user)})
    if live and any(f.name == "deleted_at" for f in model._meta.fields):
        condition &= Q(**{f"{prefix}deleted_at__isnull": True})
    return condition


LIKE_OPS = {"like", "ilike", "notlike", "notilike"}
SIMPLE = {
    "eq": "exact",
    "ne": "exact",
    "lt": "lt",
    "le": "lte",
    "gt": "gt",
    "ge": "gte",
    "in_": "in",
    "notin_": "in",
    "startswith": "startswith",
    "endswith": "endswith",
    "contains": "contains",
    "between": "range",
    "match": "icontains",
    "is_": "exact",
    "isnot": "exact",
}
NEGATED = {"ne", "notin_", "isnot", "notlike", "notilike"}


def _like(path, pattern, insensitive):
    if not isinstance(pattern, str):
        raise FilterError("A like filter needs a string pattern.")
    prefix = "i" if insensitive else ""
    inner = pattern.strip("%")
    if "%" not in inner and "_" not in inner:
        if pattern.startswith("%") and pattern.endswith("%") and len(pattern) > 1:
            return Q(**{f"{path}__{prefix}contains": inner})
        if pattern.endswith("%"):
            return Q(**{f"{path}__{prefix}startswith": inner})
        if pattern.startswith("%"):
            return Q(**{f"{path}__{prefix}endswith": inner})
        return Q(**{f"{path}__{'iexact' if insensitive else 'exact'}": inner})
    if re.search(r"(?<!\\)(?:\\\\)*\\$", pattern):
        raise FilterError("A like pattern cannot end with a lone '\\' (write '\\\\' for a backslash).")
    return Q(**{f"{path}__{prefix}sqllike": pattern})  # SQL LIKE, linear on SQLite (a regex backtracks)


class FilterParser:
    """Turns the `filter` JSON tree into a Q object against a resource's allowed fields."""

    MAX_DEPTH = 8

    def __init__(self, model, allowed, to_one=frozenset(), serializer_class=None, user=None):
        self.model = model
        self.allowed = allowed
        self.serializer_class = serializer_class
        self.user = user
        #: API to-one relationships stored as a reverse foreign key (an event's one live speakers call).
        self.to_one = to_one
        self.spans_many = False

    def parse(self, node, depth=0):
        if depth > self.MAX_DEPTH:
            raise FilterError("The filter is nested too deeply.")
        if isinstance(node, list):
            q = Q()
            for item in node:
                q &= self.parse(item, depth + 1)
            return q
        if not isinstance(node, dict):
            raise FilterError('Each filter must be an object such as {"name": ..., "op": ..., "val": ...}.')
        if "or" in node or "and" in node:
            key = "or" if "or" in node else "and"
            items = node[key]
            if not isinstance(items, list):
                raise FilterError(f"'{key}' needs a list of filters.")
            if not items:
                return Q()  # the web client sends {"or": []} for "no condition"
            q = self.parse(items[0], depth + 1)
            for item in items[1:]:
                q = (q | self.parse(item, depth + 1)) if key == "or" else (q & self.parse(item, depth + 1))
            return q
        if "not" in node:
            return ~self.parse(node["not"], depth + 1)
        return self.leaf(node, depth)

    def resolve(self, name):
        key = undasherize(name)
        if key not in self.allowed:
            shown = ", ".join(sorted(k.replace("_", "-") for k in self.allowed)) or "none"
            raise FilterError(f"Unknown filter field '{name}'. Fields you may filter on here: {shown}.")
        path = self.allowed[key]
        field = _model_field(self.model, path)
        if field is None:
            raise FilterError(f"Field '{name}' cannot be filtered on.")
        return path, field

    def leaf(self, node, depth):
        name, op = node.get("name"), node.get("op")
        if not isinstance(name, str) or not isinstance(op, str):
            raise FilterError("A filter needs a 'name' and an 'op'.")
        path, field = self.resolve(name)
        if op in ("has", "any"):
            if not field.is_relation:
                raise FilterError(f"'{op}' applies to relationships; '{name}' is an attribute.")
            to_one = undasherize(name) in self.to_one
            if op == "has" and (field.many_to_many or field.one_to_many) and not to_one:
                raise FilterError(f"'{name}' is a to-many relationship: use 'any'.")
            if op == "any" and not (field.many_to_many or field.one_to_many):
                raise FilterError(f"'{name}' is a to-one relationship: use 'has'.")
            related = related_serializer(self.serializer_class, undasherize(name))
            if related is None:
                raise FilterError(f"'{name}' cannot be filtered into: it is not an includable resource.")
            nested = FilterParser(field.related_model, step_fields(related, self.user), serializer_class=related)
            nested.user = self.user
            inner = nested.parse(node.get("val"), depth + 1)
            inner &= listed_rows(field.related_model, self.user, live=to_one)
            self.spans_many = self.spans_many or op == "any" or nested.spans_many
            return _prefix(inner, path)
        if field.is_relation and not (field.many_to_one or field.one_to_one):
            raise FilterError(f"'{name}' is a to-many relationship: use 'any'.")
        if "field" in node:
            other_path, _ = self.resolve(node["field"])
            value = F(other_path)
        else:
            if "val" not in node:
                raise FilterError(f"Filter on '{name}' needs a 'val'.")
            value = node["val"]
        if isinstance(field, models.BooleanField) and isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"  # the web client sends booleans as strings too
        if isinstance(field, models.DateTimeField):
            value = [_aware(field, v) for v in value] if isinstance(value, list) else _aware(field, value)
        if field.is_relation:
            path = f"{path}_id" if not path.endswith("_id") else path
        if op in LIKE_OPS:
            q = _like(path, value, op.startswith(("i", "noti")))
            return ~q if op in NEGATED else q
        if op not in SIMPLE:
            raise FilterError(f"Unknown filter operator '{op}'.")
        lookup = SIMPLE[op]
        if lookup == "exact" and value is None:
            q = Q(**{f"{path}__isnull": True})
        elif lookup == "in":
            if not isinstance(value, list):
                raise FilterError(f"'{op}' needs a list value.")
            q = Q(**{f"{path}__in": value})
        elif lookup == "range":
            if not isinstance(value, list) or len(value) != 2:
                raise FilterError("'between' needs a list of two values.")
            q = Q(**{f"{path}__range": value})
        else:
            if isinstance(value, dict | list):
                raise FilterError(f"'{op}' needs a single value.")
            q = Q(**{f"{path}__{lookup}": value})
        return ~q if op in NEGATED else q


def _aware(field, value):
    """A date or a datetime without offset sent for a datetime column, read in the default zone (as Django
    would, with a warning per value); anything else is left for the lookup to accept or refuse."""
    if not isinstance(value, str):
        return value
    try:
        parsed = field.to_python(value)
    except DjangoValidationError:
        return value
    return timezone.make_aware(parsed) if parsed is not None and timezone.is_naive(parsed) else parsed


def _prefix(q, prefix):
    """Re-root a Q built for a related model under `prefix__`."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            clone.children.append(_prefix(child, prefix))
        else:
            key, value = child
            if isinstance(value, F):
                value = F(f"{prefix}__{value.name}")
            clone.children.append((f"{prefix}__{key}", value))
    return clone


def _apply(queryset, q, parameter, distinct=False):
    try:
        return queryset.filter(q).distinct() if distinct else queryset.filter(q)
    except (ValueError, TypeError, DjangoValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, DjangoValidationError) else str(exc)
        raise FilterError(f"Invalid filter value: {message}", parameter) from None


class QueryParameterFilter(BaseFilterBackend):
    """Refuses malformed paging keys; every other unknown parameter is ignored (clients send `cache=true`)."""

    def filter_queryset(self, request, queryset, view):
        for key in request.query_params:
            if key.startswith("page[") and key not in PAGE_KEYS:
                raise ParseError({"detail": f"Unknown paging parameter '{key}'.", "source": {"parameter": key}})
        return queryset


class OpenEventFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        allowed = readable_sources(view.get_serializer_class()) if hasattr(view, "get_serializer_class") else {}
        allowed.update(getattr(view, "extra_filter_fields", {}))
        raw = request.query_params.get("filter")
        if raw not in (None, ""):
            try:
                tree = json.loads(raw)
            except ValueError:
                raise FilterError('\'filter\' must be JSON, e.g. [{"name":"name","op":"eq","val":"x"}].') from None
            to_one = frozenset(getattr(view, "to_one_filter_fields", ()))
            parser = FilterParser(queryset.model, allowed, to_one, view.get_serializer_class(), request.user)
            q = parser.parse(tree)
            queryset = _apply(queryset, q, "filter", distinct=parser.spans_many)
        for key, value in request.query_params.items():
            if key.startswith("filter[") and key.endswith("]"):
                name = key[len("filter[") : -1]
                parser = FilterParser(queryset.model, allowed)
                path, field = parser.resolve(name)
                distinct = False
                if field.is_relation:
                    distinct = not (field.many_to_one or field.one_to_one)
                    path = f"{path}_id" if not distinct else f"{path}__id"
                if value.lower() in ("true", "false") and isinstance(field, models.BooleanField):
                    value = value.lower() == "true"
                queryset = _apply(queryset, Q(**{path: value}), key, distinct)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "filter",
                "required": False,
                "in": "query",
                "description": 'Open Event filter JSON, e.g. [{"name":"name","op":"eq","val":"x"}]',
                "schema": {"type": "string"},
            }
        ]


class SortFilter(BaseFilterBackend):
    """`sort=a,-b,rel.attr`: attributes of the resource, or of a to-one relationship."""

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("sort")
        if not raw:
            return queryset
        serializer_class = view.get_serializer_class()
        allowed = readable_sources(serializer_class)
        ordering = []
        for term in raw.split(","):
            term = term.strip()
            desc = term.startswith("-")
            name = term.lstrip("-")
            parts = [undasherize(p) for p in name.split(".")]
            if parts == ["id"]:
                ordering.append(("-" if desc else "") + "pk")  # the client sorts forms by id
                continue
            path = allowed.get(parts[0]) if parts[0] else None
            field = _model_field(queryset.model, path) if path else None
            if field is None:
                raise ParseError({"detail": f"Cannot sort by '{name}'.", "source": {"parameter": "sort"}})
            if len(parts) == 2:
                related = related_serializer(serializer_class, parts[0])
                shown = step_fields(related, request.user) if related is not None else {}
                if not (field.many_to_one or field.one_to_one) or parts[1] not in shown:
                    detail = f"Cannot sort by '{name}': sort on an attribute the related resource shows you."
                    raise ParseError({"detail": detail, "source": {"parameter": "sort"}})
                sub = _model_field(field.related_model, shown[parts[1]])
                if sub is None or sub.is_relation:
                    raise ParseError({"detail": f"Cannot sort by '{name}'.", "source": {"parameter": "sort"}})
                # The related row's value where its endpoint lists it for this caller, else none: the order
                # must not rank visible rows by an attribute of rows the caller may not see.
                key = f"sort_key_{len(ordering)}"
                visible = listed_rows(field.related_model, request.user, live=True, prefix=f"{path}__")
                value = F(f"{path}__{shown[parts[1]]}")
                queryset = queryset.annotate(**{key: Case(When(visible, then=value), default=Value(None))})
                path = key
            elif len(parts) > 2 or field.is_relation:
                raise ParseError({"detail": f"Cannot sort by '{name}'.", "source": {"parameter": "sort"}})
            ordering.append(("-" if desc else "") + path)
        ordering.append("pk")
        return queryset.order_by(*ordering)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "sort",
                "required": False,
                "in": "query",
                "description": "Comma-separated fields; prefix with - for descending.",
                "schema": {"type": "string"},
            }
        ]
