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
