"""The platform's catalogue of event types and topics (admins maintain it)."""

import re
import uuid

from django.db import models

from eventyay.db import SoftDeleteModel


def slugify_open_event(name):
    """Open Event's slug: lowercased, '& ' and ',' removed, '/' and spaces become '-'."""
    slug = name.lower().replace("& ", "").replace(",", "")
    return re.sub(r"[/ ]", "-", slug)


def unique_slug(model, name, exclude_pk=None, **scope):
    slug = slugify_open_event(name)
    clash = model._base_manager.filter(slug=slug, **scope)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return f"{slug}-{uuid.uuid4().hex[:8]}" if clash.exists() else slug


class EventType(SoftDeleteModel):
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug or (self.pk and self.slug != slugify_open_event(self.name)):
            self.slug = unique_slug(EventType, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class EventTopic(SoftDeleteModel):
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=300, unique=True)
    system_image_url = models.URLField(max_length=2000, blank=True, null=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug or (self.pk and self.slug != slugify_open_event(self.name)):
            self.slug = unique_slug(EventTopic, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class EventSubTopic(models.Model):
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=300)
    event_topic = models.ForeignKey(EventTopic, on_delete=models.CASCADE, related_name="event_sub_topics")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event_topic", "slug"], name="unique_sub_topic_slug")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug or (self.pk and self.slug != slugify_open_event(self.name)):
            self.slug = unique_slug(EventSubTopic, self.name, exclude_pk=self.pk, event_topic=self.event_topic)
        super().save(*args, **kwargs)
