import secrets

from django.db import models

from eventyay.db import SoftDeleteModel


def random_identifier():
    return secrets.token_hex(4)


class SocialLink(SoftDeleteModel):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="social_links")
    name = models.CharField(max_length=255)
    link = models.CharField(max_length=2000)
    identifier = models.CharField(max_length=64, blank=True, null=True, default=random_identifier)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}: {self.link}"
