"""Expectations shared by the events tests: which role gets which status."""

import datetime as dt

from django.utils import timezone

ROLES = ("anonymous", "user", "track_organizer", "coorganizer", "organizer", "owner", "admin", "super_admin")
STAFF = {"admin", "super_admin"}
ORGANIZERS = {"organizer", "owner"} | STAFF
CO_ORGANIZERS = {"coorganizer"} | ORGANIZERS
TRACK_ORGANIZERS = {"track_organizer"} | CO_ORGANIZERS


def write_status(role, allowed, ok=200):
    """The status a write gets: ok for allowed roles, 401 anonymous, 403 everyone else."""
    if role in allowed:
        return ok
    return 401 if role == "anonymous" else 403


def draft_read_status(role):
    """Draft rule: only co-organizers and staff see a draft event's parts; others get 404."""
    return 200 if role in CO_ORGANIZERS else 404


def iso(days=0, hours=0):
    return (timezone.now().replace(microsecond=0) + dt.timedelta(days=days, hours=hours)).isoformat()


def error_pointers(response):
    return [(e.get("source") or {}).get("pointer") for e in response.json()["errors"]]


def ids(response):
    return [item["id"] for item in response.json()["data"]]
