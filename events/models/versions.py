"""How often an event's programme has changed: the key under which its public reads are cached."""

from django.db import models


class ProgrammeVersion(models.Model):
    """Bumped in the same transaction as every write to the event's sessions, speakers, tracks, rooms,
    session types or the event itself (`events/programme_cache.py`); cached answers carry the version
    they were built from, so a new version makes every older answer unreachable at once."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"event {self.event_id} programme v{self.version}"
