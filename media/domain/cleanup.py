"""Clean-up of temporary uploads that nothing points to."""

import logging
import posixpath
from datetime import timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import models
from django.utils import timezone

from media.models import Upload
from media.storage import get_storage

logger = logging.getLogger(__name__)

_SKIP_APPS = {"media", "contenttypes", "sessions", "admin", "auth", "token_blacklist", "tasks"}


def _text_fields():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _SKIP_APPS or meta.proxy or not meta.managed:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.TextField | models.CharField) and (field.max_length or 1000) >= 40:
                yield model, field.attname


def referenced_names(uploads, batch=100):
    """File names (`<uuid>.<ext>`) of these uploads that some row's text or URL field mentions."""
    names = [posixpath.basename(u.name) for u in uploads]
    found = set()
    for start in range(0, len(names), batch):
        chunk = names[start : start + batch]
        for model, attname in _text_fields():
            query = reduce(or_, (models.Q(**{f"{attname}__contains": n}) for n in chunk))
            for value in model._base_manager.filter(query).values_list(attname, flat=True):
                found.update(n for n in chunk if n in (value or ""))
    return found


def delete_temporary_uploads(days, dry_run=False):
    """Remove temporary uploads older than `days` days that nothing points to; returns how many."""
    limit = timezone.now() - timedelta(days=days)
    candidates = list(Upload.objects.filter(temporary=True, created_at__lt=limit))
    used = referenced_names(candidates) if candidates else set()
    removed = 0
    for upload in candidates:
        if posixpath.basename(upload.name) in used:
            continue
        if not dry_run:
            get_storage(force_local=upload.backend == "local").delete(upload.name)
            upload.delete()
        removed += 1
    logger.info("Temporary uploads older than %s days: %s removed, %s still used.", days, removed, len(used))
    return removed
