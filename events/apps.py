from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and programme"

    def ready(self):
        from events import programme_cache

        _register_included_rows()
        programme_cache.connect()


def _register_included_rows():
    """An event part included anywhere (`?include=`) shows only the rows its own endpoint would list."""
    from django.db.models import Prefetch

    from events import services
    from events import services_sessions as session_rules
    from events.models import Event, Session, Speaker, Ticket, UsersEventsRoles
    from eventyay.api.includes import register_included_rows, register_preload

    register_included_rows(Event, lambda user: Event.objects.visible_to(user))
    register_included_rows(Ticket, services.tickets_visible_to)
    register_included_rows(Session, lambda user: session_rules.sessions_visible_to(user, Session.objects.all()))
    register_included_rows(Speaker, lambda user: session_rules.speakers_visible_to(user, Speaker.objects.all()))

    owner_rows = UsersEventsRoles.objects.filter(role__name="owner").select_related("user")
    register_preload(
        Event, "owner", lambda user, prefix: [Prefetch(f"{prefix}user_roles", owner_rows, to_attr="owner_rows")]
    )
    register_preload(Event, "speakers_call", lambda user, prefix: [Prefetch(f"{prefix}speakers_calls")])
