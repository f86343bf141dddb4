"""Sessions with their programme around them, for the session and speaker tests."""

import datetime as dt

from django.utils import timezone

from tests.factories.events import (
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SpeakerFactory,
    TrackFactory,
)


def future(days=30, minutes=0):
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days, minutes=minutes)


def full_session(event, speakers=1, **fields):
    """A session of `event` with its own track, room, type and `speakers` speakers."""
    session = SessionFactory(
        event=event,
        track=TrackFactory(event=event),
        microlocation=MicrolocationFactory(event=event),
        session_type=SessionTypeFactory(event=event),
        **fields,
    )
    session.speakers.set(SpeakerFactory.create_batch(speakers, event=event))
    return session


def submitted_by(user, event, state="pending", **fields):
    """A session `user` created, with `user` as its speaker."""
    session = SessionFactory(event=event, creator=user, state=state, **fields)
    session.speakers.add(SpeakerFactory(event=event, user=user, email=user.email))
    return session
