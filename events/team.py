"""Who is on an event's team and on a session's speakers: the writes behind invites (the invites app calls these)."""

from django.db import transaction

from events.domain.roles import grant_role
from events.models import Role, UsersEventsRoles


@transaction.atomic
def join_team(user, event, role_name):
    """Give `user` the role `role_name` on `event` (idempotent).

    An event has one owner: a new owner takes the place of the old one, who stays on as an organizer.
    """
    if role_name == "owner":
        previous = UsersEventsRoles.objects.select_for_update().filter(event=event, role__name="owner")
        for row in previous.exclude(user=user):
            grant_role(row.user, event, "organizer")
            row.delete()
    return grant_role(user, event, role_name)


def holds_role(user, event, role_name):
    return UsersEventsRoles.objects.filter(user=user, event=event, role=Role.named(role_name)).exists()


def add_speaker(session, speaker):
    """`speaker` joins `session` (a speaker invite was accepted); a speaker of another event cannot."""
    if speaker.event_id != session.event_id:
        raise ValueError("speaker and session belong to different events")
    session.speakers.add(speaker)
