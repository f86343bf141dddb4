"""Pentabarf export → frab import (transfers.frab) gives back the same programme."""

import pytest

from events.models import Session
from tests.factories import UserFactory
from tests.factories.schedule import many_sessions, programme
from transfers.exporters import export
from transfers.frab import import_schedule

pytestmark = pytest.mark.django_db


def _programme_of(event):
    sessions = Session.objects.filter(event=event).select_related("microlocation", "track").prefetch_related("speakers")
    return {
        (
            s.title,
            s.starts_at,
            s.ends_at,
            s.microlocation.name if s.microlocation else None,
            s.track.name if s.track else None,
            tuple(sorted(p.name for p in s.speakers.all())),
        )
        for s in sessions
        if s.state in Session.PUBLIC_STATES
    }


def test_pentabarf_round_trip_keeps_sessions_times_rooms_tracks_and_speakers():
    source = programme()
    outcome = import_schedule(export(source.event, "pentabarf"), UserFactory())
    copy = outcome.event
    assert copy.pk != source.event.pk
    assert copy.timezone == "Europe/Berlin"
    expected = _programme_of(source.event)
    assert len(expected) == 2
    assert {row[:5] for row in _programme_of(copy)} == {row[:5] for row in expected}
    assert {row[0]: row[5] for row in _programme_of(copy)} == {row[0]: row[5] for row in expected}
    # the imported copy exports to the same schedule (ids and guids aside)
    again = {(s.title, s.starts_at) for s in Session.objects.filter(event=copy)}
    assert again == {(row[0], row[1]) for row in expected}


def test_round_trip_of_a_larger_programme():
    source = programme()
    many_sessions(source.event, 30)
    copy = import_schedule(export(source.event, "pentabarf"), UserFactory()).event
    assert {row[:5] for row in _programme_of(copy)} == {row[:5] for row in _programme_of(source.event)}
    assert Session.objects.filter(event=copy).count() == 32
