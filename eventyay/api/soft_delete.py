"""Soft delete as Open Event has it, for `ResourceViewSet`: `get_trashed=true` lists and opens deleted rows
for those who may see them, a PATCH sending `deleted-at: null` restores, `DELETE` soft-deletes unless
`?permanent=true` (organizers and staff) or the model has no `deleted_at`.

The mixin uses the viewset's `parent`, `parent_event`, `event_of` and `lookup_object`.
"""

from django.db import transaction
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions, status
from rest_framework.response import Response

from eventyay.api import permissions as perms


def truthy(value):
    return str(value).lower() in ("1", "true", "yes")


class SoftDeleteMixin:
    #: Roles that may hard-delete with `?permanent=true` (besides staff).
    permanent_delete_roles = perms.ORGANIZER

    @cached_property
    def soft_deletes(self):
        return any(f.name == "deleted_at" for f in self.model._meta.fields)

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
