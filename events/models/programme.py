"""The programme: rooms, tracks, session types, sessions, speakers, sponsors and the call for speakers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from eventyay.db import HTMLField, SoftDeleteModel, finite_checks


class Microlocation(SoftDeleteModel):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="microlocations")
    name = models.CharField(max_length=255)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    floor = models.IntegerField(null=True, blank=True)
    hidden_in_scheduler = models.BooleanField(default=False)
    chat_room_name = models.CharField(max_length=255, blank=True, null=True)
    is_chat_enabled = models.BooleanField(default=False)
    is_global_event_room = models.BooleanField(default=False, null=True)
    position = models.IntegerField(default=0)
    room = models.CharField(max_length=255, blank=True, null=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = finite_checks("latitude", "longitude")

    def __str__(self):
        return self.name


def font_color_for(color):
    """Black or white text by luminance; expands #rgb first (Open Event got #rgb wrong)."""
    if not color:
        return None
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    return "#000000" if luminance > 0.5 else "#ffffff"


class Track(SoftDeleteModel):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, null=True)
    color = models.CharField(max_length=7, help_text="#rgb or #rrggbb")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def font_color(self):
        return font_color_for(self.color)


class SessionType(SoftDeleteModel):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="session_types")
    name = models.CharField(max_length=255)
    length = models.CharField(max_length=5, default="00:30", help_text="HH:MM")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Speaker(SoftDeleteModel):
    GENDERS = (
        "Man",
        "Woman",
        "Transgender",
        "Non-binary",
        "Genderqueer",
        "An identity not listed here",
        "I prefer not to say",
    )

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    name = models.CharField(max_length=255)
    email = models.EmailField(max_length=255, blank=True, null=True)
    photo_url = models.CharField(max_length=2000, blank=True, null=True)
    thumbnail_image_url = models.CharField(max_length=2000, blank=True, null=True)
    small_image_url = models.CharField(max_length=2000, blank=True, null=True)
    icon_image_url = models.CharField(max_length=2000, blank=True, null=True)
    website = models.CharField(max_length=2000, blank=True, null=True)
    twitter = models.CharField(max_length=2000, blank=True, null=True)
    facebook = models.CharField(max_length=2000, blank=True, null=True)
    github = models.CharField(max_length=2000, blank=True, null=True)
    mastodon = models.CharField(max_length=2000, blank=True, null=True)
    linkedin = models.CharField(max_length=2000, blank=True, null=True)
    instagram = models.CharField(max_length=2000, blank=True, null=True)
    short_biography = HTMLField(blank=True, null=True)
    long_biography = HTMLField(blank=True, null=True)
    speaking_experience = HTMLField(blank=True, null=True)
    mobile = models.CharField(max_length=64, blank=True, null=True)
    organisation = models.CharField(max_length=500, blank=True, null=True)
    position = models.CharField(max_length=500, blank=True, null=True)
    country = models.CharField(max_length=255, blank=True, null=True)
    city = models.CharField(max_length=255, blank=True, null=True)
    address = models.TextField(blank=True, null=True)
    heard_from = models.CharField(max_length=500, blank=True, null=True)
    sponsorship_required = HTMLField(blank=True, null=True)
    gender = models.CharField(max_length=64, blank=True, null=True)
    is_featured = models.BooleanField(default=False)
    is_email_overridden = models.BooleanField(default=False)
    order = models.IntegerField(default=0)
    complex_field_values = models.JSONField(null=True, blank=True)
    speaker_positions = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Session(SoftDeleteModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        CANCELED = "canceled", "Canceled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    PUBLIC_STATES = (State.ACCEPTED, State.CONFIRMED)
    LEVELS = ("Beginner", "Intermediate", "Advanced", "Expert")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, blank=True, null=True)
    short_abstract = HTMLField(blank=True, null=True)
    long_abstract = HTMLField(blank=True, null=True)
    comments = HTMLField(blank=True, null=True)
    language = models.CharField(max_length=64, blank=True, null=True)
    level = models.CharField(max_length=64, blank=True, null=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    slides_url = models.CharField(max_length=2000, blank=True, null=True)
    website = models.CharField(max_length=2000, blank=True, null=True)
    twitter = models.CharField(max_length=2000, blank=True, null=True)
    facebook = models.CharField(max_length=2000, blank=True, null=True)
    github = models.CharField(max_length=2000, blank=True, null=True)
    linkedin = models.CharField(max_length=2000, blank=True, null=True)
    instagram = models.CharField(max_length=2000, blank=True, null=True)
    gitlab = models.CharField(max_length=2000, blank=True, null=True)
    mastodon = models.CharField(max_length=2000, blank=True, null=True)
    video_url = models.CharField(max_length=2000, blank=True, null=True)
    audio_url = models.CharField(max_length=2000, blank=True, null=True)
    signup_url = models.CharField(max_length=2000, blank=True, null=True)
    slides = models.JSONField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_modified_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_mail_sent = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    average_rating = models.FloatField(default=0)
    rating_count = models.IntegerField(default=0)
    favourite_count = models.IntegerField(default=0)
    complex_field_values = models.JSONField(null=True, blank=True)
    microlocation = models.ForeignKey(
        Microlocation, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    track = models.ForeignKey(Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    session_type = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = finite_checks("average_rating")
        indexes = [
            # An event's programme in its order: read page by page without sorting every session of the table.
            models.Index(fields=["event", "starts_at", "id"], name="session_event_programme"),
            # ... and counted (`meta.count`) from the index alone, by the states the public sees.
            models.Index(fields=["event", "state", "deleted_at"], name="session_event_state"),
        ]

    def __str__(self):
        return self.title


class Sponsor(SoftDeleteModel):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, null=True)
    url = models.CharField(max_length=2000, blank=True, null=True)
    level = models.IntegerField(null=True, blank=True)
    logo_url = models.CharField(max_length=2000, blank=True, null=True)
    type = models.CharField(max_length=255, blank=True, null=True)

    class Meta:
        ordering = ["level", "id"]

    def __str__(self):
        return self.name


class SpeakersCall(SoftDeleteModel):
    class Privacy(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speakers_calls")
    announcement = models.TextField(blank=True, null=True)
    # Null in the undated call every event starts with (`events.domain.programme.give_default_speakers_call`).
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    soft_ends_at = models.DateTimeField(null=True, blank=True)
    hash = models.CharField(max_length=255, blank=True, null=True)
    privacy = models.CharField(max_length=16, choices=Privacy.choices, default=Privacy.PUBLIC)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(deleted_at__isnull=True), name="one_live_speakers_call_per_event"
            )
        ]

    def __str__(self):
        return f"Call for speakers of {self.event_id}"
