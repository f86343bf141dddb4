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
from eventyay.id_queries import rows_by_pk

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


def preload(view, queryset, extra=(), skip=frozenset(), page_loads=None):
    """The queryset with the select/prefetch lookups of the request's `include` (plus `extra` root names);
    `skip`: root relationships the view loads itself (no lookup is built for them). With a `page_loads`
    list, the root foreign keys included as leaves go there instead of into `select_related`, for
    `attach_to_ones` to load once the page is cut."""
    request = view.request
    segments = included_segments(request) | set(extra)
    if not segments:
        return queryset
    user = request.user
    tree = include_tree(request, extra)
    select, prefetch, attach = [], [], []
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
                if page_loads is not None and not path and _attachable(model, relation):
                    attach.append(relation.source)
                elif selectable:
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
    for source in attach:
        # Rows loaded past it (its own relationships) need the related rows of the join: attached later they
        # would be other instances than the ones those lookups fill.
        if any(path.startswith(f"{source}__") for path in [*select, *map(lookup_path, prefetch)]):
            select.append(source)
        else:
            page_loads.append(source)
    if select:
        queryset = queryset.select_related(*select)
    return queryset.prefetch_related(*distinct(prefetch)) if prefetch else queryset


def _attachable(model, relation):
    field = model._meta.get_field(relation.source)
    return isinstance(field, models.ForeignKey) and not field.one_to_one and field.target_field.primary_key


def attach_to_ones(rows, sources):
    """Each row's related row of each foreign key in `sources`, loaded with one query per key for the page.

    What `select_related` gives (every row, soft-deleted or not, as a join does), without the join: a
    page of 100 sessions names 20 tracks, 10 rooms and 4 types, but the join built 300 instances from
    300 copies of their columns (1.75 ms, against 0.5 ms for three queries compiled once, `rows_by_pk`).
    A page with rows runs one query per key even when every key is null, so a list costs
    the same number of queries whatever its rows hold."""
    if not rows:
        return rows
    meta = rows[0]._meta
    for source in sources:
        field = meta.get_field(source)
        attname = field.attname
        ids = sorted({value for value in (getattr(row, attname) for row in rows) if value is not None})
        related = {obj.pk: obj for obj in rows_by_pk(field.related_model).instances(ids, query_when_empty=True)}
        for row in rows:
            field.set_cached_value(row, related.get(getattr(row, attname)))
    return rows


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
