"""Declared extension points fail start-up (system check eventyay.E001) when the app that must fill them did not."""

from contextlib import contextmanager

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from eventyay.extension_points import points

#: Every point the project declares, and what start-up expects in it.
EXPECTED = [
    "events.signals.submission_validators",
    "events.services.sold_ticket_counters",
    "eventyay.api.includes.included_rows",
    "eventyay.api.includes.preload_recipes",
    "eventyay.users.extensions.role_sources",
    "eventyay.users.extensions.deletion_blockers",
    "eventyay.tasks.services.abandoned_cleanups",
]


@contextmanager
def emptied(point):
    saved = point.entries.copy()
    point.entries.clear()
    try:
        yield
    finally:
        point.entries.update(saved) if isinstance(saved, dict) else point.entries.extend(saved)


def extension_errors():
    return [message for message in checks.run_checks() if message.id == "eventyay.E001"]


def test_every_point_is_declared_and_filled():
    # Equal, not a subset: a point declared without an entry here would have no start-up test below.
    assert set(EXPECTED) == set(points)
    assert extension_errors() == []


@pytest.mark.parametrize("name", EXPECTED)
def test_an_empty_point_is_reported_at_start_up(name):
    point = points[name]
    with emptied(point):
        (error,) = extension_errors()
        assert error.level == checks.ERROR and error.obj == name
        assert name in error.msg and "AppConfig.ready()" in error.msg
        with pytest.raises(SystemCheckError, match=name.replace(".", r"\.")):
            call_command("check")
    assert extension_errors() == []
