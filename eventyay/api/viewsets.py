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
from eventyay.api.includes import attach_to_ones, preload
from eventyay.api.parsers import sent_id
from eventyay.api.relationship_routes import RelationshipRoutesMixin
from eventyay.api.soft_delete import SoftDeleteMixin
from eventyay.id_queries import rows_by_pk
from eventyay.ids import as_id

#: Ids a 64-bit id column can hold (the compiled query passes the id to the database as it is).
_MAX_ID = 2**63 - 1


def resolve_event(event_model, ref):
    """An event, live or trashed, by id or identifier (`EventQuerySet.by_ref`); 404 when there is none.

    Every nested route loads its event first; by id, through SQL compiled once (`rows_by_pk`: the event's
    80 columns took half of that millisecond to compile)."""
    pk = as_id(ref)
    if pk is not None and pk <= _MAX_ID:
        rows = rows_by_pk(event_model).instances([pk])
        if rows:
            return rows[0]
    try:
        return event_model.all_objects.by_ref(ref)
    except domain.NotFound as exc:
        raise Http404(exc.message) from None


def refuse(method=None):
    """An action that exists only to answer 405 (the router routes it); the schema leaves it out.

    `method` names the refused method in the error (default: the request's)."""

    def refused(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(method or request.method)

    refused.refused = True
    return refused


class ResourceViewSet(RelationshipRoutesMixin, SoftDeleteMixin, viewsets.ModelViewSet):
    #: ORM path from this model to its event ("" when the model *is* the event, None when unscoped).
    event_path = "event"
    #: Roles that may create, change and delete; None = staff only.
    write_roles = perms.CO_ORGANIZER
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
        extra = (rel.replace("-", "_"),) if rel else ()
        paged = self.action == "list" and self.paginator is not None
        self.page_to_ones = [] if paged else None
        self.loaded_per_page = self.includes_loaded_per_page() if paged else frozenset()
        return preload(self, queryset, extra=extra, skip=self.loaded_per_page, page_loads=self.page_to_ones)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and getattr(self, "page_to_ones", None):
            attach_to_ones(page, self.page_to_ones)
        if page is not None and getattr(self, "loaded_per_page", None):
            self.load_per_page(page, self.loaded_per_page)
        return page

    def includes_loaded_per_page(self):
        """Root relationships a list loads itself for its page (`load_per_page`), not by prefetch."""
        return frozenset()

    def load_per_page(self, page, names):
        raise NotImplementedError(f"{type(self).__name__} loads {sorted(names)} per page but has no load_per_page")

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
        sent = sent_id(request)  # parse first: the parser answers 400 for a body without an id
        instance = self.get_object()
        self.check_if_match(instance)
        if sent is not None and sent not in (str(instance.pk), str(self.kwargs.get(self.lookup_field))):
            raise exceptions.ParseError("The id in the body does not match the id in the URL.")
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        return Response(serializer.data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["parent"] = self.parent[2] if self.parent else None
        return context
