"""The programme's version (`ProgrammeVersion`) and the writes that bump it; used by the programme viewsets'
versioned read cache (`eventyay/api/response_cache.py`).

Every save or delete of a session, speaker, track, room or session type, a change of a session's speakers,
and a save of the event bump the event's version inside the writing transaction: a rolled-back write bumps
nothing, a committed one is visible to the next read. Writes that skip signals (queryset `update()`,
`bulk_create`) of rows of an existing event call `bump(event_id)` themselves. An import creates a new event,
whose programme has no cached reads yet.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import Event, Microlocation, ProgrammeVersion, Session, SessionType, Speaker, Track
from eventyay.api.response_cache import VersionedReadCache
from eventyay.ids import as_id

PROGRAMME_MODELS = (Session, Speaker, Track, Microlocation, SessionType)


def version(event_id):
    """The current version of the event's programme; None for an event without one yet (not cached)."""
    return ProgrammeVersion.objects.filter(event_id=event_id).values_list("version", flat=True).first()


def bump(event_id, create=True):
    """+1 on the event's version; `create=False` on deletes, which may run while the event itself is deleted."""
    if event_id is None:
        return
    if ProgrammeVersion.objects.filter(event_id=event_id).update(version=F("version") + 1) or not create:
        return
    try:
        with transaction.atomic():
            ProgrammeVersion.objects.create(event_id=event_id, version=1)
    except IntegrityError:  # created by a concurrent first write
        ProgrammeVersion.objects.filter(event_id=event_id).update(version=F("version") + 1)


def _part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.event_id)


def _part_deleted(sender, instance, **kwargs):
    bump(instance.event_id, create=False)


def _event_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.pk)


def _speakers_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(instance.event_id)


def connect():
    for model in PROGRAMME_MODELS:
        post_save.connect(_part_saved, sender=model, dispatch_uid=f"programme-version-save-{model.__name__}")
        post_delete.connect(_part_deleted, sender=model, dispatch_uid=f"programme-version-delete-{model.__name__}")
    post_save.connect(_event_changed, sender=Event, dispatch_uid="programme-version-event")
    m2m_changed.connect(_speakers_changed, sender=Session.speakers.through, dispatch_uid="programme-version-speakers")


def published_scope(ref):
    """(id, identifier, version) of a published, live event by id or identifier, in one small query; None
    otherwise (a draft, a deleted event, no version yet: the normal path decides what to answer)."""
    ref = str(ref)
    pk = as_id(ref)
    if pk is not None:
        if len(ref) > 18:
            return None
        column, value = "id", pk
    elif 0 < len(ref) <= 64 and "\x00" not in ref:
        column, value = "identifier", ref
    else:
        return None
    quote = connection.ops.quote_name
    sql = (
        f"SELECT e.{quote('id')}, e.{quote('identifier')}, v.{quote('version')} "  # noqa: S608 - names are ours
        f"FROM {quote(Event._meta.db_table)} e JOIN {quote(ProgrammeVersion._meta.db_table)} v "
        f"ON v.{quote('event_id')} = e.{quote('id')} "
        f"WHERE e.{quote(column)} = %s AND e.{quote('state')} = %s AND e.{quote('deleted_at')} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value, Event.State.PUBLISHED.value])
        return cursor.fetchone()


class ProgrammeReadCache(VersionedReadCache):
    """For viewsets listed under `/v1/events/<id|identifier>/...`: anonymous reads of a published, live
    event's programme are cached under its version. The cache is only asked for anonymous callers, and
    anonymous callers never see deleted rows, so `get_trashed` needs no special case."""

    def response_cache_scope(self):
        ref = self.kwargs.get("event_id")
        if ref is None:
            return None
        found = published_scope(ref)
        if found is None:
            return None
        pk, identifier, current = found
        # The random identifier too: ids of rolled-back events come back (tests), identifiers do not.
        return f"event:{pk}:{identifier}", current
