"""Invites by e-mail. Only a digest of each invite's token is stored: the token itself is in the mail alone."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def new_token():
    """The token for the invitee's link, and the digest kept to recognise it."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token):
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()


class RoleInviteStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class SpeakerInviteStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


#: The roles an organizer may invite someone to, as Open Event's schema lists them.
INVITABLE_ROLES = ("owner", "organizer", "coorganizer", "track_organizer", "moderator", "attendee", "registrar")


class RoleInvite(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="role_invites")
    role = models.ForeignKey("events.Role", on_delete=models.PROTECT, related_name="invites")
    email = models.EmailField()
    role_name = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=RoleInviteStatus.choices, default=RoleInviteStatus.PENDING)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["event", "email"])]

    def __str__(self):
        return f"{self.email} as {self.role_name} of {self.event_id} ({self.status})"


class SpeakerInvite(models.Model):
    """A session's speaker asks someone else to join the session as a speaker."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speaker_invites")
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="speaker_invites")
    email = models.EmailField()
    status = models.CharField(max_length=16, choices=SpeakerInviteStatus.choices, default=SpeakerInviteStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["session", "email"])]

    def __str__(self):
        return f"{self.email} to session {self.session_id} ({self.status})"
