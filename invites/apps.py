from django.apps import AppConfig


class InvitesConfig(AppConfig):
    """Role invites (how an event's team is built) and speaker invites (how co-speakers join a session)."""

    name = "invites"
    verbose_name = "Invites"

    def ready(self):
        from invites import relationships

        _connect()
        relationships.register()


def _connect():
    from django.db.models.signals import post_delete

    from events.models import UsersEventsRoles
    from events.signals import event_created
    from invites import services

    def owner_invite(sender, event, user, **kwargs):
        services.record_owner(event, user)

    def forget_invites(sender, instance, **kwargs):
        services.forget_invites_of(instance)

    event_created.connect(owner_invite, weak=False, dispatch_uid="invites-owner")
    post_delete.connect(forget_invites, sender=UsersEventsRoles, weak=False, dispatch_uid="invites-forget")
