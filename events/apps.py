from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and programme"

    def ready(self):
        from events import programme_cache, relationships

        _register_included_rows()
        relationships.register()
        programme_cache.connect()
        _fill_users_extensions()


def _fill_users_extensions():
    """The users app shows role flags and refuses deletions through points it declares (no import of us)."""
    from events.domain import roles
    from eventyay.users import extensions

    source = (roles.ROLE_ROWS, roles.role_names_of)
    if source not in extensions.role_sources:
        extensions.role_sources.append(source)
    if roles.deletion_refusal not in extensions.deletion_blockers:
        extensions.deletion_blockers.append(roles.deletion_refusal)


def _register_included_rows():
    """An event part included anywhere (`?include=`) shows only the rows its own endpoint would list."""
    from django.db.models import Prefetch

    from events.domain import roles, session_access, tickets
    from events.models import Event, Session, Speaker, Ticket, UsersEventsRoles
    from eventyay.api.includes import register_included_rows, register_preload

    register_included_rows(Event, lambda user: Event.objects.visible_to(user))
    register_included_rows(Ticket, tickets.tickets_visible_to)
    register_included_rows(Session, lambda user: session_access.sessions_visible_to(user, Session.objects.all()))
    register_included_rows(Speaker, lambda user: session_access.speakers_visible_to(user, Speaker.objects.all()))

    register_included_rows(UsersEventsRoles, roles.role_rows_visible_to)
    register_preload(Event, "owner", owner_recipe, through="owner_rows__user")
    register_preload(Event, "speakers_call", lambda user, prefix: [Prefetch(f"{prefix}speakers_calls")])


def owner_recipe(user, prefix):
    """An event's owner (`Event.owner` reads `owner_rows`), for `owner` and its alias `user`."""
    from django.db.models import Prefetch

    from events.models import UsersEventsRoles

    owner_rows = UsersEventsRoles.objects.filter(role__name="owner").select_related("user")
    return [Prefetch(f"{prefix}user_roles", owner_rows, to_attr="owner_rows")]
