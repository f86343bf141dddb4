"""An event's content as the web client's models declare it on events and sessions, served for real.

`exhibitors` show what `/v1/events/<id>/exhibitors` lists to the caller (accepted ones; all for co-organizers),
`tags` only to the event's team, as their endpoints do. `event-copyright` and its alias `copyright` are the
event's one notice (public like the event); both names load it once.
"""

from eventyay.api.relations import Relation

EXHIBITOR = "content.serializers_booths.ExhibitorSerializer"
TAG = "content.serializers_booths.TagSerializer"
COPYRIGHT = "content.serializers.EventCopyrightSerializer"


def register():
    from content import services
    from content.models import EventCopyright, Exhibitor, Tag
    from events.serializers.event import EventSerializer
    from events.serializers.sessions import SessionSerializer
    from eventyay.api.includes import register_included_rows

    register_included_rows(Exhibitor, lambda user: services.visible_exhibitors(user, Exhibitor.objects.all()))
    register_included_rows(Tag, lambda user: services.team_tags(user, Tag.objects.all()))
    for serializer in (EventSerializer, SessionSerializer):
        serializer.contribute_relationship(
            "exhibitors", Relation(many=True, read_only=True, related_model=Exhibitor), EXHIBITOR
        )
    EventSerializer.contribute_relationship("tags", Relation(many=True, read_only=True, related_model=Tag), TAG)
    for name in ("event_copyright", "copyright"):
        source = {"source": "copyright"} if name != "copyright" else {}
        EventSerializer.contribute_relationship(
            name, Relation(read_only=True, related_model=EventCopyright, allow_null=True, **source), COPYRIGHT
        )
