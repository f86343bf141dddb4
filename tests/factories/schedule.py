"""A small programme with public and private parts, for the schedule export tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tests.factories.events import (
    EventFactory,
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SpeakerFactory,
    TrackFactory,
)
from tests.factories.forms import CustomFormFactory


@dataclass
class Programme:
    event: object
    accepted: object
    confirmed: object
    pending: object
    deleted: object
    public_speaker: object
    private_speaker: object
    question: object


def programme(event=None, **event_fields):
    """Two rooms, a track, an accepted and a confirmed session (public), a pending one with its own
    speaker and a soft-deleted one (private), a custom session question answered on the pending one."""
    event = event or EventFactory(timezone="Europe/Berlin", **event_fields)
    day = event.starts_at.replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    room_a = MicrolocationFactory(event=event, name="Hall A", position=1)
    room_b = MicrolocationFactory(event=event, name="Room B", position=2)
    track = TrackFactory(event=event, name="Open Hardware")
    talk = SessionTypeFactory(event=event, name="Talk", length="00:45")
    question = CustomFormFactory(event=event, form="session", field_identifier="tShirtSize", name="T-shirt size")
    public_speaker = SpeakerFactory(
        event=event, name="Ada Lovelace", email="ada@example.org", mobile="+49 30 1234", organisation="Analytical"
    )
    private_speaker = SpeakerFactory(event=event, name="Hidden Person", email="hidden@example.org")
    accepted = SessionFactory(
        event=event,
        title="Engines of Thought",
        subtitle="A first program",
        state="accepted",
        starts_at=day,
        ends_at=day + dt.timedelta(minutes=45),
        microlocation=room_a,
        track=track,
        session_type=talk,
        language="English",
        short_abstract="<p>Notes on the <b>engine</b> &amp; its cards</p>",
        long_abstract="<p>The long story.</p>",
    )
    accepted.speakers.add(public_speaker)
    confirmed = SessionFactory(
        event=event,
        title='=HYPERLINK("http://evil")',
        state="confirmed",
        starts_at=day + dt.timedelta(days=1, hours=2),
        ends_at=day + dt.timedelta(days=1, hours=3, minutes=30),
        microlocation=room_b,
    )
    confirmed.speakers.add(public_speaker)
    pending = SessionFactory(
        event=event,
        title="Secret Pending Talk",
        state="pending",
        starts_at=day + dt.timedelta(hours=3),
        ends_at=day + dt.timedelta(hours=4),
        microlocation=room_a,
        complex_field_values={"t_shirt_size": "XL"},
    )
    pending.speakers.add(private_speaker)
    deleted = SessionFactory(event=event, title="Deleted Talk", state="accepted", deleted_at=timezone.now())
    return Programme(event, accepted, confirmed, pending, deleted, public_speaker, private_speaker, question)


def many_sessions(event, count):
    """`count` scheduled accepted sessions, each with a room, track, type and two speakers."""
    rooms = [MicrolocationFactory(event=event) for _ in range(3)]
    tracks = [TrackFactory(event=event) for _ in range(2)]
    kind = SessionTypeFactory(event=event)
    for index in range(count):
        starts = event.starts_at + dt.timedelta(minutes=30 * index)
        session = SessionFactory(
            event=event,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=25),
            microlocation=rooms[index % 3],
            track=tracks[index % 2],
            session_type=kind,
        )
        session.speakers.set(SpeakerFactory.create_batch(2, event=event))
