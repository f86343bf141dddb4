"""The invites the web client's models declare on events, roles and sessions, served for real.

`role-invites` and `speaker-invites` carry invitees' e-mail addresses: wherever they are included they show only
the invites of events the caller co-organizes (staff all, `managed_rows`), as `/v1/events/<id>/role-invites`
lists them. The related routes are the nested lists (`/v1/roles/<id>/role-invites` lists the same rows).
"""

from eventyay.api.relations import Relation

ROLE_INVITE = "invites.serializers.RoleInviteSerializer"
SPEAKER_INVITE = "invites.serializers.SpeakerInviteSerializer"


def register():
    from events.domain.session_access import managed_rows
    from events.serializers.event import EventSerializer
    from events.serializers.roles import RoleSerializer
    from events.serializers.sessions import SessionSerializer
    from eventyay.api.includes import register_included_rows
    from invites.models import RoleInvite, SpeakerInvite

    register_included_rows(RoleInvite, lambda user: managed_rows(user, RoleInvite.objects.select_related("role")))
    register_included_rows(SpeakerInvite, lambda user: managed_rows(user, SpeakerInvite.objects.all()))
    for serializer, source in ((EventSerializer, {}), (RoleSerializer, {"source": "invites"})):
        serializer.contribute_relationship(
            "role_invites", Relation(many=True, read_only=True, related_model=RoleInvite, **source), ROLE_INVITE
        )
    for serializer in (EventSerializer, SessionSerializer):
        serializer.contribute_relationship(
            "speaker_invites", Relation(many=True, read_only=True, related_model=SpeakerInvite), SPEAKER_INVITE
        )
