"""The one event-scope check for views that act on an event named in the URL (bulk actions, exports).

    class GenerateCodesView(EventScopedMixin, PlainJSONView, roles=perms.CO_ORGANIZER): ...

`self.event` is the event of `kwargs[event_kwarg]` (id or identifier), after the draft rule (404 for who
may not see it) and the role check on *that* event (403). Resource viewsets get the same rules from
`eventyay.api.viewsets` through `event_path`.
"""

from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions

from events.models import Event
from eventyay.api import permissions as perms

#: `roles=PUBLIC`: no role needed, only the draft rule.
PUBLIC = frozenset()


class EventScopedMixin:
    #: Roles on the event that may call; `PUBLIC`: whoever may see the event (the draft rule only).
    roles = perms.CO_ORGANIZER
    event_kwarg = "event_id"
    denied_message = "Co-organizer access is required."

    def __init_subclass__(cls, roles=None, event_kwarg=None, denied=None, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, value in (("roles", roles), ("event_kwarg", event_kwarg), ("denied_message", denied)):
            if value is not None:
                setattr(cls, name, value)

    @cached_property
    def event(self):
        event = Event.all_objects.by_ref(self.kwargs[self.event_kwarg])
        user = self.request.user
        public = self.roles is PUBLIC
        if not public and not (user and user.is_authenticated):
            raise exceptions.NotAuthenticated()
        if not perms.can_see_event(user, event):
            raise Http404("Event not found.")
        if not public and not perms.has_event_role(user, event, self.roles):
            raise exceptions.PermissionDenied(self.denied_message)
        return event
