"""Signed download links of finished exports, for clients that download without a token.

The web client saves an export with a plain browser download (no `Authorization` header), as it would from a
storage bucket. The link a co-organizer gets in the task result therefore carries a signature of its event and
task (`?token=...`), like a pre-signed bucket URL: it opens that one file, to whoever holds it, until
`EXPORT_LINK_SECONDS` after the export finished. It holds no timestamp of its own, so the link a client reads
stays the same on every poll. Without a token the route still needs a co-organizer's JWT.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

SALT = "transfers.export-download"


def _value(event_id, task_id):
    return f"{event_id}:{task_id}"


def token(job):
    return signing.Signer(salt=SALT).signature(_value(job.event_id, job.task_id))


def is_valid(job, sent):
    """Whether `sent` is this finished job's token and its time has not run out."""
    if not sent or not constant_time_compare(sent, token(job)):
        return False
    finished = job.task.finished_at
    if finished is None:
        return False
    return timezone.now() <= finished + dt.timedelta(seconds=settings.EXPORT_LINK_SECONDS)
