"""A background job as API clients see it: who started it, its stage, progress and result."""

import uuid

from django.conf import settings
from django.db import models


class Task(models.Model):
    class State(models.TextChoices):
        WAITING = "WAITING", "Waiting in the queue"
        STARTED = "STARTED", "Running"
        SUCCESS = "SUCCESS", "Finished"
        FAILURE = "FAILURE", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, help_text="What the job does, e.g. 'import' or 'export'.")
    func = models.CharField(max_length=200, help_text="Dotted path of the job function.")
    kwargs = models.JSONField(default=dict, blank=True, help_text="Primitive arguments of the job.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    stage = models.CharField(max_length=200, blank=True, default="")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="", help_text="A message a person can act on.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.state})"

    @property
    def percent(self):
        if self.state == self.State.SUCCESS:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def url(self):
        return f"/v1/tasks/{self.id}"
