"""Preloading for `?include=`: what a response renders is loaded once, and only rows the caller may see.

A to-many relationship renders its linkage wherever its name appears in `include` (`relations.py`), on
the primary resources and on included ones at any depth. The planner here walks the include tree with
the serializers that render it and, at every node, prefetches each relationship that will render data, so:

- a list costs the same number of queries for 1 row and for 100, however deep the include;
- every relationship is loaded through the rows its own endpoint would list (`register_included_rows`):
  `?include=speakers.sessions` cannot show a pending session's id that `/v1/sessions` would hide.

Relationships whose source is not an ORM relation (a model property) register a recipe with
`register_preload`.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch

from eventyay.api.relations import IncludedOnlyManyField, Relation, include_paths, included_segments
from eventyay.extension_points import declare

#: model → fn(user) giving the rows of that model the user may read wherever they are included, loaded as
#: its own endpoint loads them (with their own prefetches).
_included_rows = declare(
    "eventyay.api.includes.included_rows",
    {},
    filled_by=None,
    purpose="the rows an `include` may show, as their own endpoint lists them (drafts and hidden rows stay out)",
)
#: (model, relationship name) → (fn(user, prefix) giving the prefetch lookups for a non-ORM relationship, the ORM
#: path from the row to the related rows those lookups load, or None when they are leaves).
_recipes = declare(
    "eventyay.api.includes.preload_recipes",
    {},
    filled_by=None,
    purpose="prefetches of relationships that are model properties (an event's owner)",
)
_relations_cache = {}


def register_included_rows(model, rows):
    _included_rows[model] = rows


def register_preload(model, name, recipe, through=None):
    """`through` (e.g. "owner_rows__user"): where the recipe's rows end up, so deeper includes prefetch past them."""
    _recipes[(model, name)] = (recipe, through)


def included_rows(model, user):
    rows = _included_rows.get(model)
    return rows(user) if rows is not None else model._default_manager.all()


def include_tree(request, extra=()):
    """`a.b,c` → {(): {"a", "c"}, ("a",): {"b"}}, names underscored."""
    tree = {(): set(extra)}
    for parts in include_paths(request):
        for depth in range(len(parts)):
            tree.setdefault(parts[:depth], set()).add(parts[depth])
    return tree


class _RelationInfo:
    __slots__ = ("source", "related_model", "local_fk", "orm")

    def __init__(self, model, field):
        self.source = field.source
        child = field.child_relation if isinstance(field, IncludedOnlyManyField) else field
        self.related_model = child._model() if isinstance(child, Relation) else None
        try:
            model_field = model._meta.get_field(self.source)
        except FieldDoesNotExist:
            model_field = None
        self.orm = model_field is not None and model_field.is_relation
        self.local_fk = (
            self.orm and isinstance(model_field, models.ForeignKey | models.OneToOneField) and model_field.concrete
        )
        if self.orm and self.related_model is None:
            self.related_model = model_field.related_model


def relations_of(serializer_class, model):
    """A serializer class's relationships (fixed once apps are ready), worked out once per process."""
    key = (serializer_class, model)
    relations = _relations_cache.get(key)
    if relations is None:
        relations = {
            name: _RelationInfo(model, field)
            for name, field in serializer_class().fields.items()
            if isinstance(field, Relation | IncludedOnlyManyField) and not field.write_only
        }
        _relations_cache[key] = relations
    return relations


def preload(view, queryset, extra=(), skip=frozenset()):
    """The queryset with the select/prefetch lookups of the request's `include` (plus `extra` root names);
    `skip`: root relationships the view loads itself (no lookup is built for them)."""
    request = view.request
    segments = included_segments(request) | set(extra)
    if not segments:
        return queryset
    user = request.user
    tree = include_tree(request, extra)
    select, prefetch = [], []
    # Breadth first: a Prefetch with its own queryset must come before any longer lookup through it.
    # A node: (names from the root, ORM prefix from the root, model, serializer, reached by foreign keys only).
    # The prefix follows each relationship's source, which need not be its name (`discount-codes`).
    nodes = [((), "", queryset.model, view.get_serializer_class(), True)]
    while nodes:
        path, prefix, model, serializer_class, selectable = nodes.pop(0)
        children = tree.get(path, ())
        included = (getattr(serializer_class, "included_serializers", None) or {}) if children else {}
        for name, relation in relations_of(serializer_class, model).items():
            if name not in segments or (not path and name in skip):
                continue
            walk = name in children and name in included and relation.related_model is not None
            child_prefix = f"{prefix}{relation.source}__"
            recipe, through = _recipes.get((model, name), (None, None))
            if recipe is not None:
                prefetch.extend(recipe(user, prefix))
                walk = walk and through is not None  # past the recipe's rows only where it says where they are
                child_prefix = f"{prefix}{through}__"
            elif not relation.orm:
                continue
            elif relation.local_fk:
                if not walk:
                    continue  # the linkage is read from the `<name>_id` column
                if selectable:
                    select.append(prefix + relation.source)
                else:
                    rows = included_rows(relation.related_model, user)
                    prefetch.append(Prefetch(prefix + relation.source, queryset=rows))
            else:
                rows = included_rows(relation.related_model, user)
                prefetch.append(Prefetch(prefix + relation.source, queryset=rows))
            if walk:
                child_selectable = selectable and relation.local_fk and recipe is None
                nodes.append(((*path, name), child_prefix, relation.related_model, included[name], child_selectable))
    if select:
        queryset = queryset.select_related(*select)
    return queryset.prefetch_related(*distinct(prefetch)) if prefetch else queryset


def distinct(lookups):
    """Each ORM path prefetched once: two names for one relationship (`copyright`, `event-copyright`) load the
    same rows through the same rule, and Django refuses a second `Prefetch` of a path."""
    seen, kept = set(), []
    for lookup in lookups:
        key = (lookup_path(lookup), getattr(lookup, "to_attr", None))
        if key not in seen:
            seen.add(key)
            kept.append(lookup)
    return kept


def lookup_path(lookup):
    """The ORM path of a prefetch lookup, whether a string or a `Prefetch`."""
    return lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
