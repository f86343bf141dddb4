"""Feedback on events and sessions, users' favourite sessions, their notifications and mail preferences."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from eventyay.db import finite_checks


class Feedback(models.Model):
    """A rating (1 to 5) of an event by a user, or of a session by one of its event's organizers (a review)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedbacks")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="feedbacks")
    session = models.ForeignKey(
        "events.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="feedbacks"
    )
    rating = models.FloatField()
    comment = models.TextField(blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="one_feedback_per_session"),
            models.UniqueConstraint(
                fields=["user", "event"], condition=models.Q(session__isnull=True), name="one_feedback_per_event"
            ),
            *finite_checks("rating"),
        ]

    def __str__(self):
        return f"{self.rating} by {self.user_id}"


class UserFavouriteSession(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_sessions")
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="favourites")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="one_favourite_per_session")]

    def __str__(self):
        return f"{self.user_id} likes {self.session_id}"


class Notification(models.Model):
    """A message to one user, shown in the web client's notification list."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=255)
    message = models.TextField(blank=True, default="")
    is_read = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return self.title


class EmailNotification(models.Model):
    """Which mails a user wants about one event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_notifications")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="email_notifications")
    next_event = models.BooleanField(default=False)
    new_paper = models.BooleanField(default=False)
    session_accept_reject = models.BooleanField(default=False)
    session_schedule = models.BooleanField(default=False)
    after_ticket_purchase = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_mail_setting_per_event")]

    def __str__(self):
        return f"{self.user_id} about {self.event_id}"
