"""Thumbnails follow image changes on events, speakers and sponsors without `events` knowing about media.

`post_init` remembers each row's image URL as loaded; `post_save` compares, and when the URL now
is an image uploaded through our endpoints, the thumbnail job starts after the transaction commits. Writes that
skip `save()` (queryset `update`, `bulk_create`) call `media.domain.thumbnails.queue_thumbnails` themselves.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_init, post_save

from media.domain.thumbnails import THUMBNAIL_SPECS, is_uploaded_image, queue_thumbnails

_SEEN = "_media_source_url"


def _remember(sender, instance, **kwargs):
    field = sender._media_thumbnail_source
    # Only what was loaded: reading a deferred field here would cost a query per row.
    instance.__dict__[_SEEN] = instance.__dict__.get(field)


def _changed(sender, instance, created, raw=False, **kwargs):
    if raw or not settings.MEDIA_AUTO_THUMBNAILS:
        return
    field = sender._media_thumbnail_source
    if field not in instance.__dict__:
        return
    url = instance.__dict__[field]
    if not created and url == instance.__dict__.get(_SEEN):
        return
    instance.__dict__[_SEEN] = url
    if not is_uploaded_image(url):
        return
    kind, pk = sender._media_thumbnail_kind, instance.pk
    transaction.on_commit(lambda: queue_thumbnails(kind, pk, url))


def connect():
    for kind, spec in THUMBNAIL_SPECS.items():
        model = apps.get_model(spec["model"])
        model._media_thumbnail_source = spec["source"]
        model._media_thumbnail_kind = kind
        post_init.connect(_remember, sender=model, dispatch_uid=f"media-thumbnails-init-{kind}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"media-thumbnails-save-{kind}")
