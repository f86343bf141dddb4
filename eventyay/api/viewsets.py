"""The base viewset every JSON:API resource uses.

It carries the conventions once: event-scoped permissions (draft rule → 404,
writes need a role on *that* event → 403), nested lists (`/v1/events/<id>/tracks`),
soft delete with `get_trashed` / `permanent`, PATCH id checks, 201 + Location, and
the `{"meta": {"message": ...}}` body of a DELETE. Apps declare *what* (queryset,
serializer, which roles write); this file decides *how*.
"""

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from eventyay import errors as domain
from eventyay.api import etag
from eventyay.api import permissions as perms
from eventyay.api.includes import included_rows, preload
from eventyay.api.relations import IncludedOnlyManyField, Relation


def truthy(value):
    return str(value).lower() in ("1", "true", "yes")


def resolve_event(event_model, ref):
    """An event, live or trashed, by id or identifier (`EventQuerySet.by_ref`); 404 when there is none."""
    try:
        return event_model.all_objects.by_ref(ref)
    except domain.NotFound as exc:
        raise Http404(exc.message) from None


class ResourceViewSet(viewsets.ModelViewSet):
    #: ORM path from this model to its event ("" when the model *is* the event, None when unscoped).
    event_path = "event"
    #: Roles that may create, change and delete; None = staff only.
    write_roles = perms.CO_ORGANIZER
    #: Roles that may hard-delete with `?permanent=true` (besides staff).
    permanent_delete_roles = perms.ORGANIZER
    #: URL kwarg → ORM path, for nested lists such as /v1/tracks/<track_id>/sessions.
    parent_lookups = {}
    #: Whether anonymous callers may POST.
    anonymous_create = False
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[^/]+"

    # ------------------------------------------------------------------ models
    @property
    def model(self):
        return self.queryset.model

    @cached_property
    def soft_deletes(self):
        return any(f.name == "deleted_at" for f in self.model._meta.fields)

    @cached_property
    def event_model(self):
        if self.event_path == "":
            return self.model
        if self.event_path is None:
            return None
        model = self.model
        for part in self.event_path.split("__"):
            model = model._meta.get_field(part).related_model
        return model

    def event_of(self, obj):
        if self.event_path is None or obj is None:
            return None
        if self.event_path == "":
            return obj
        for part in self.event_path.split("__"):
            obj = getattr(obj, part, None)
        return obj

    # ---------------------------------------------------------------- querysets
    def base_queryset(self):
        """Live rows, or all rows when `get_trashed=true` is asked by someone allowed."""
        if self.soft_deletes and self.wants_trashed:
            return self.model.all_objects.all()
        return self.model._default_manager.all()

    @cached_property
    def wants_trashed(self):
        """`get_trashed=true` (or a PATCH sending `deleted-at`: a restore) by someone who may see deleted rows.

        Staff always; otherwise the co-organizers of the parent event (nested lists) or of the row's own
        event (detail routes, so that they can open, restore or purge it).
        """
        asked = truthy(self.request.query_params.get("get_trashed", ""))
        detail = self.parent is None and "pk" in self.kwargs
        if detail and self.request.method == "PATCH" and isinstance(self.request.data, dict):
            asked = asked or "deleted_at" in self.request.data
        if not asked:
            return False
        if perms.is_staff(self.request.user):
            return True
        if detail:
            candidate = self.trashed_candidate(self.kwargs["pk"])
            return candidate is not None and self.may_see_trashed(candidate)
        parent_event = self.parent_event
        return parent_event is not None and perms.has_event_role(self.request.user, parent_event, perms.CO_ORGANIZER)

    def trashed_candidate(self, ref):
        try:
            return self.lookup_object(self.model.all_objects.all(), ref)
        except Http404:
            return None

    def may_see_trashed(self, obj):
        """Hook: who may open a deleted row by id (default: co-organizers of its event)."""
        event = self.event_of(obj)
        return event is not None and perms.has_event_role(self.request.user, event, perms.CO_ORGANIZER)

    def visible_queryset(self, queryset):
        """Rows the caller may list when not nested under a visible parent; override per resource."""
        user = self.request.user
        if self.event_path is None or perms.is_staff(user):
            return queryset
        event_ids = self.event_model.objects.visible_to(user).values("pk")
        return queryset.filter(**{f"{self.event_path or 'pk'}__in": event_ids})

    def restrict_queryset(self, queryset):
        """Row-level restrictions that apply even inside a visible event (hidden tickets, say)."""
        return queryset

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.queryset is not None:
            # Keep the select/prefetch the resource declared on its class queryset.
            queryset.query.select_related = self.queryset.query.select_related
            queryset = queryset.prefetch_related(*self.queryset._prefetch_related_lookups)
        parent_filter = self.parent_filter
        if parent_filter is not None:
            queryset = queryset.filter(parent_filter)
        elif self.action == "list":
            queryset = self.visible_queryset(queryset)
        queryset = self.restrict_queryset(queryset)
        return self.preload_includes(queryset)

    def preload_includes(self, queryset):
        """Everything `include` (or the relationship route's name) renders, loaded per request (`includes.py`)."""
        rel = self.kwargs.get("rel")
        return preload(self, queryset, extra=(rel.replace("-", "_"),) if rel else ())

    # ------------------------------------------------------------------ parents
    @cached_property
    def parent(self):
        for kwarg, path in self.parent_lookups.items():
            if kwarg in self.kwargs:
                return kwarg, path, self._load_parent(path, self.kwargs[kwarg])
        return None

    def _load_parent(self, path, ref):
        field = self.model._meta.get_field(path.split("__")[0])
        parent_model = field.related_model
        if hasattr(parent_model, "identifier") and hasattr(parent_model, "role_names_for"):
            parent = resolve_event(parent_model, ref)
            if parent.deleted_at is not None and not perms.has_event_role(
                self.request.user, parent, perms.CO_ORGANIZER
            ):
                raise Http404("Event not found.")
        else:
            try:
                parent = parent_model._default_manager.get(pk=int(ref))
            except (parent_model.DoesNotExist, ValueError):
                raise Http404(f"{parent_model._meta.verbose_name.capitalize()} '{ref}' not found.") from None
        event = parent if hasattr(parent, "role_names_for") else getattr(parent, "event", None)
        if event is not None and not perms.can_see_event(self.request.user, event):
            raise Http404("Event not found.")
        self.check_parent_permissions(parent, event)
        return parent

    def check_parent_permissions(self, parent, event):
        """Hook: lists that need more than the draft rule (co-organizer only lists)."""

    @property
    def parent_event(self):
        if self.parent is None:
            return None
        parent = self.parent[2]
        return parent if hasattr(parent, "role_names_for") else getattr(parent, "event", None)

    @property
    def parent_filter(self):
        if self.parent is None:
            return None
        _, path, parent = self.parent
        return Q(**{path: parent})

    # ----------------------------------------------------------------- objects
    def get_object(self):
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        queryset = self.filter_queryset(self.get_queryset()) if self.action == "retrieve" else self.get_queryset()
        obj = self.lookup_object(queryset, lookup)
        event = self.event_of(obj)
        user = self.request.user
        if event is not None and not perms.can_see_event(user, event):
            raise Http404("Not found.")
        if not self.can_read_object(obj, event):
            raise Http404("Not found.")
        self.check_object_permissions(self.request, obj)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.check_write_permission(obj, event)
        return obj

    def lookup_object(self, queryset, lookup):
        try:
            return queryset.get(pk=int(lookup))
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404(f"{self.model._meta.verbose_name.capitalize()} '{lookup}' not found.") from None

    def can_read_object(self, obj, event):
        """Hook for per-row read rules (a non-accepted session, a hidden ticket)."""
        return True

    def check_write_permission(self, obj, event):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if self.write_roles is None:
            if not perms.is_staff(self.request.user):
                raise exceptions.PermissionDenied("Admin access is required.")
            return
        if event is None or not perms.has_event_role(self.request.user, event, self.write_roles):
            raise exceptions.PermissionDenied("You do not have the role on this event that this change needs.")

    def check_create_permission(self, validated_data):
        """By default: the same roles that write, on the event named in the body."""
        event = self.event_from_data(validated_data)
        if self.write_roles is None:
            if not perms.is_staff(self.request.user):
                raise exceptions.PermissionDenied("Admin access is required.")
            return
        if event is None:
            raise exceptions.ValidationError({"event": ["This relationship is required."]})
        if not perms.can_see_event(self.request.user, event):
            raise Http404("Event not found.")
        if not perms.has_event_role(self.request.user, event, self.write_roles):
            raise exceptions.PermissionDenied("You do not have the role on this event that this change needs.")

    def event_from_data(self, validated_data):
        if self.event_path in (None, ""):
            return None
        first = self.event_path.split("__")[0]
        value = validated_data.get(first)
        if value is None:
            return None
        rest = self.event_path.split("__")[1:]
        for part in rest:
            value = getattr(value, part, None)
        return value

    # ----------------------------------------------------------------- actions
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        creating = request.method == "POST" and self.action == "create"
        if creating and not self.anonymous_create and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_create_permission(serializer.validated_data)
        with transaction.atomic():
            self.perform_create(serializer)
        response = Response(serializer.data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/v1/{serializer.Meta.collection}/{serializer.instance.pk}"
        return response

    def check_if_match(self, instance):
        """`If-Match` on a write: 412 unless it names the ETag a GET of the resource would carry now."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return
        serializer = self.get_serializer(instance)
        context = {**self.get_renderer_context(), "response": Response(status=status.HTTP_200_OK)}
        body = self.request.accepted_renderer.render(serializer.data, self.request.accepted_media_type, context)
        if not etag.matches(header, etag.weak_etag(body)):
            raise etag.PreconditionFailed()

    def update(self, request, *args, **kwargs):
        _ = request.data  # parse first: the parser records the body's id for the check below
        instance = self.get_object()
        self.check_if_match(instance)
        sent_id = getattr(self, "request_data_id", None)
        if sent_id is not None and sent_id not in (str(instance.pk), str(self.kwargs.get(self.lookup_field))):
            raise exceptions.ParseError("The id in the body does not match the id in the URL.")
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        return Response(serializer.data)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.check_if_match(instance)
        permanent = truthy(request.query_params.get("permanent", ""))
        if permanent and self.soft_deletes:
            event = self.event_of(instance)
            allowed = perms.is_staff(request.user) or (
                event is not None and perms.has_event_role(request.user, event, self.permanent_delete_roles)
            )
            if not allowed:
                raise exceptions.PermissionDenied("Only organizers and admins may delete permanently.")
        with transaction.atomic():
            self.perform_destroy(instance, permanent=permanent or not self.soft_deletes)
        self.resource_name = False
        return Response({"meta": {"message": "Object successfully deleted"}}, status=status.HTTP_200_OK)

    def perform_destroy(self, instance, permanent=True):
        if permanent:
            instance.delete()
        else:
            instance.soft_delete()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["parent"] = self.parent[2] if self.parent else None
        return context

    # ------------------------------------------------------- relationship links
    def _relationship_field(self, name):
        serializer = self.get_serializer()
        field = serializer.fields.get(name.replace("-", "_"))
        if not isinstance(field, Relation | IncludedOnlyManyField):
            raise Http404(f"No relationship '{name}'.")
        return serializer, field

    def relationship(self, request, *args, **kwargs):
        """`GET /v1/<collection>/<id>/relationships/<name>`: the resource linkage."""
        return self._linkage_response(self.get_object(), kwargs["rel"])

    def _linkage_response(self, obj, rel):
        """The linkage document; to-many members only as far as the caller may see them."""
        serializer, field = self._relationship_field(rel)
        self.resource_name = False
        base = f"/v1/{serializer.Meta.collection}/{obj.pk}"
        links = {"self": f"{base}/relationships/{rel}", "related": f"{base}/{rel}"}
        if isinstance(field, IncludedOnlyManyField):
            child = field.child_relation
            prefetched = obj.__dict__.get("_prefetched_objects_cache") or {}
            if field.source in prefetched:
                items = prefetched[field.source]  # loaded through the visible rows (`preload`)
            else:
                members = getattr(obj, field.source).all().values("pk")
                items = included_rows(child._model(), self.request.user).filter(pk__in=members)
            return Response({"data": [{"type": child.resource_type(), "id": str(o.pk)} for o in items], "links": links})
        target = getattr(obj, field.source, None)
        data = None if target is None else {"type": field.resource_type(), "id": str(target.pk)}
        return Response({"data": data, "links": links})

    def update_relationship(self, request, *args, **kwargs):
        """`PATCH /relationships/<name>`: replace the linkage (null, one identifier, or the full list)."""
        return self._write_relationship(request, kwargs, "replace")

    def add_to_relationship(self, request, *args, **kwargs):
        """`POST /relationships/<name>` of a to-many relationship: add these members."""
        return self._write_relationship(request, kwargs, "add")

    def remove_from_relationship(self, request, *args, **kwargs):
        """`DELETE /relationships/<name>` of a to-many relationship: remove these members."""
        return self._write_relationship(request, kwargs, "remove")

    def _write_relationship(self, request, kwargs, mode):
        """Goes through the resource's serializer as a PATCH of that one relationship would: same validation
        (a track of another event is a 422), same permissions, same hooks."""
        data = request.data  # parsed (and shape-checked) before the object is looked up
        instance = self.get_object()
        self.check_if_match(instance)
        _, field = self._relationship_field(kwargs["rel"])
        if field.read_only:
            raise exceptions.PermissionDenied(f"The relationship '{kwargs['rel']}' cannot be changed here.")
        many = isinstance(field, IncludedOnlyManyField)
        if many != isinstance(data, list) and not (data is None and not many):
            shape = "a list of resource identifiers" if many else "null or one resource identifier"
            raise exceptions.ParseError(f"'data' of '{kwargs['rel']}' must be {shape}.")
        if mode != "replace":
            if not many:
                raise exceptions.MethodNotAllowed(request.method)
            # Every current member, also those hidden from the caller: only the named ones change.
            instance._prefetched_objects_cache = {}
            rtype = field.child_relation.resource_type()
            current = [
                {"type": rtype, "id": str(pk)} for pk in getattr(instance, field.source).values_list("pk", flat=True)
            ]
            named = {str(item["id"]) for item in data}
            if mode == "add":
                data = current + [item for item in data if str(item["id"]) not in {c["id"] for c in current}]
            else:
                data = [item for item in current if item["id"] not in named]
        serializer = self.get_serializer(instance, data={field.field_name: data}, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_update(serializer)
        instance._prefetched_objects_cache = {}
        # From this instance, not a new lookup: removing yourself from a session may hide it from you.
        return self._linkage_response(instance, kwargs["rel"])

    def related_one(self, request, *args, **kwargs):
        """`GET /v1/<collection>/<id>/<name>` for a to-one relationship: the related resource itself."""
        obj = self.get_object()
        serializer, field = self._relationship_field(kwargs["rel"])
        included = getattr(serializer, "included_serializers", {}) or {}
        name = kwargs["rel"].replace("-", "_")
        if isinstance(field, IncludedOnlyManyField) or name not in included:
            raise Http404(f"No related resource '{kwargs['rel']}'.")
        target = getattr(obj, field.source, None)
        if target is None or getattr(target, "deleted_at", None) is not None:
            raise Http404(f"This {serializer.Meta.resource_name} has no {kwargs['rel']}.")
        related_serializer = included[name](target, context=self.get_serializer_context())
        self.resource_name = related_serializer.Meta.resource_name
        return Response(related_serializer.data)
