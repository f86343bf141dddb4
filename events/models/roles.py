from django.conf import settings
from django.db import models

BUILT_IN_ROLES = {
    "owner": "Owner",
    "organizer": "Organizer",
    "coorganizer": "Co-Organizer",
    "track_organizer": "Track Organizer",
    "moderator": "Moderator",
    "registrar": "Registrar",
    "attendee": "Attendee",
}


class Role(models.Model):
    name = models.CharField(max_length=64, unique=True)
    title_name = models.CharField(max_length=255, blank=True, null=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title_name or self.name

    @property
    def is_built_in(self):
        return self.name in BUILT_IN_ROLES

    @classmethod
    def named(cls, name):
        role, _ = cls.objects.get_or_create(name=name, defaults={"title_name": BUILT_IN_ROLES.get(name)})
        return role


class UsersEventsRoles(models.Model):
    """A user's role on an event; the source of every event-level permission."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="user_roles")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="user_roles")

    class Meta:
        ordering = ["id"]
        verbose_name = "user's event role"
        verbose_name_plural = "users' event roles"
        constraints = [models.UniqueConstraint(fields=["user", "event", "role"], name="unique_user_event_role")]

    def __str__(self):
        return f"{self.user} is {self.role.name} of {self.event_id}"
