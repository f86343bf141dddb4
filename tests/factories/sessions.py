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


def sessions_with_every_field(event, subtitle="With every field", **shared_speaker):
    """Three full sessions sharing one more speaker (`shared_speaker`: his fields); the first has slides, form
    answers, `subtitle` and a submission time: the programme the rendering tests compare."""
    from tests.factories.events import SpeakerFactory
    from tests.factories.users import UserFactory

    sessions = [full_session(event, speakers=2, creator=UserFactory()) for _ in range(3)]
    shared = SpeakerFactory(event=event, user=UserFactory(), **shared_speaker)
    for session in sessions:
        session.speakers.add(shared)
    first = sessions[0]
    first.slides = [{"name": "deck", "link": "https://example.org/deck.pdf"}]
    first.complex_field_values = {"t_shirt": "L"}
    first.subtitle = subtitle
    first.submitted_at = future(-1)
    first.save()
    return sessions
