"""An event's copyright notice, its FAQs grouped by type, its exhibitors, and the tags organizers put on attendees."""

from django.db import models


class EventCopyright(models.Model):
    """One per event (the wizard's licence step)."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="copyright")
    holder = models.CharField(max_length=255, blank=True, null=True)
    holder_url = models.URLField(max_length=2000, blank=True, null=True)
    licence = models.CharField(max_length=255)
    licence_url = models.URLField(max_length=2000, blank=True, null=True)
    year = models.IntegerField(blank=True, null=True)
    logo_url = models.URLField(max_length=2000, blank=True, null=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.licence} ({self.event_id})"


class FaqType(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="faq_types")
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Faq(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="faqs")
    faq_type = models.ForeignKey(FaqType, on_delete=models.SET_NULL, null=True, blank=True, related_name="faqs")
    question = models.TextField()
    answer = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.question[:80]


class Exhibitor(models.Model):
    """A booth at the event; visitors see the accepted ones."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="exhibitors")
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    description = models.TextField(blank=True, null=True)
    url = models.URLField(max_length=2000, blank=True, null=True)
    position = models.IntegerField(default=0)
    logo_url = models.URLField(max_length=2000, blank=True, null=True)
    banner_url = models.URLField(max_length=2000, blank=True, null=True)
    thumbnail_image_url = models.URLField(max_length=2000, blank=True, null=True)
    video_url = models.URLField(max_length=2000, blank=True, null=True)
    slides_url = models.URLField(max_length=2000, blank=True, null=True)
    contact_email = models.EmailField(blank=True, null=True)
    contact_link = models.CharField(max_length=2000, blank=True, null=True)
    enable_video_room = models.BooleanField(default=False)
    social_links = models.JSONField(default=list, blank=True)
    sessions = models.ManyToManyField("events.Session", blank=True, related_name="exhibitors")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A label organizers put on attendees (e.g. "VIP"); read-only tags keep their name."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=255)
    color = models.CharField(max_length=32, blank=True, null=True)
    is_read_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_tag_name_per_event")]

    def __str__(self):
        return self.name


class Page(models.Model):
    """A static page of the site (about, terms, ...), managed by admins; visitors see the published ones."""

    class Place(models.TextChoices):
        FOOTER = "footer", "Footer"
        EVENT = "event", "Event"

    name = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True, null=True)
    url = models.CharField(max_length=2000)
    description = models.TextField(blank=True, null=True)
    place = models.CharField(max_length=16, choices=Place.choices, blank=True, null=True)
    language = models.CharField(max_length=16, blank=True, null=True)
    index = models.IntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["index", "id"]

    def __str__(self):
        return self.name


class CustomPlaceholder(models.Model):
    """An admin-chosen default image for the events of a sub-topic."""

    name = models.CharField(max_length=255)
    original_image_url = models.URLField(max_length=2000)
    copyright = models.CharField(max_length=255, blank=True, null=True)
    origin = models.CharField(max_length=255, blank=True, null=True)
    event_sub_topic = models.OneToOneField(
        "events.EventSubTopic", on_delete=models.SET_NULL, null=True, blank=True, related_name="custom_placeholder"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name
