"""Relationship routes for `ResourceViewSet` (reference §1): `GET/PATCH/POST/DELETE
/v1/<collection>/<id>/relationships/<name>` and `GET /v1/<collection>/<id>/<name>` of a to-one relation.

Writes go through the resource's own serializer as a PATCH of that one relationship would, so the same
validation, permissions and hooks apply.
"""

from django.db import transaction
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from eventyay.api import declared
from eventyay.api.includes import included_rows
from eventyay.api.relations import IncludedOnlyManyField, Relation


class RelationshipRoutesMixin:
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
        if declared.is_placeholder(field):
            return Response({"data": [] if isinstance(field, IncludedOnlyManyField) else None, "links": links})
        if isinstance(field, IncludedOnlyManyField):
            child = field.child_relation
            prefetched = obj.__dict__.get("_prefetched_objects_cache") or {}
            if field.source in prefetched:
                items = prefetched[field.source]  # loaded through the visible rows (`preload`)
            else:
                members = getattr(obj, field.source).all().values("pk")
                items = included_rows(child._model(), self.request.user).filter(pk__in=members)
            return Response({"data": [{"type": child.resource_type(), "id": str(o.pk)} for o in items], "links": links})
        target = field.visible_target(obj)
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

    def get_related_serializer_class(self):
        """On the related route `include` names paths of the related resource (the web client asks
        `/v1/speaker-invites/1/session?include=speakers,track`); DJA validates them against this class."""
        name = self.kwargs["rel"].replace("-", "_")
        included = getattr(self.get_serializer_class(), "included_serializers", None) or {}
        return included[name] if name in included else self.get_serializer_class()

    def related_one(self, request, *args, **kwargs):
        """`GET /v1/<collection>/<id>/<name>` for a to-one relationship: the related resource itself."""
        self.kwargs["related_field"] = kwargs["rel"]  # where DJA's include validation looks for the route
        obj = self.get_object()
        serializer, field = self._relationship_field(kwargs["rel"])
        included = getattr(serializer, "included_serializers", {}) or {}
        name = kwargs["rel"].replace("-", "_")
        if declared.is_placeholder(field):
            # Nothing of this kind exists here (yet): an empty answer, as the client expects, not an error.
            self.resource_name = False
            return Response({"data": [] if isinstance(field, IncludedOnlyManyField) else None})
        if isinstance(field, IncludedOnlyManyField) or name not in included:
            raise Http404(f"No related resource '{kwargs['rel']}'.")
        target = field.visible_target(obj)
        if target is None or getattr(target, "deleted_at", None) is not None:
            self.resource_name = False
            return Response({"data": None})  # an empty to-one is 200 with null data (JSON:API), not 404
        related_serializer = included[name](target, context=self.get_serializer_context())
        self.resource_name = related_serializer.Meta.resource_name
        return Response(related_serializer.data)
