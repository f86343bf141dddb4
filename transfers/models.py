"""Import and export jobs: who moved which event in or out, when, and how it went.

State and outcome live on the job's `tasks.Task` (one source of truth, also for a
worker that died: `fail_orphans` marks its task failed and the job reads that).
"""

from django.conf import settings
from django.db import models


class TransferJob(models.Model):
    task = models.OneToOneField("tasks.Task", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(auto_now_add=True)
    warnings = models.JSONField(default=list, blank=True, help_text="Things the job skipped or could not carry.")

    class Meta:
        abstract = True
        ordering = ["-starts_at", "-id"]

    @property
    def result_status(self):
        """`SUCCESS`, `FAILURE`, or the state while it runs (Open Event's import-job `result-status`)."""
        return self.task.state


class ImportJob(TransferJob):
    filename = models.CharField(max_length=255, blank=True, default="", help_text="Name of the uploaded zip.")
    upload_key = models.CharField(max_length=500, blank=True, default="", help_text="Storage key of the upload.")
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The created event.",
    )

    class Meta(TransferJob.Meta):
        pass

    def __str__(self):
        return f"import {self.filename} ({self.task.state})"

    @property
    def result(self):
        """The new event id as a string, or the error text (Open Event's import-job `result`)."""
        if self.task.state == "SUCCESS" and self.event_id:
            return str(self.event_id)
        return self.task.error or None


class ExportJob(TransferJob):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(
        max_length=16, default="json", help_text="json (the zip), or a schedule format of transfers.exporters."
    )
    media = models.JSONField(default=list, blank=True, help_text="Media kinds bundled: image, video, document, audio.")
    file_key = models.CharField(
        max_length=500, blank=True, default="", help_text="Storage key of the zip; never public."
    )
    size = models.BigIntegerField(default=0)

    class Meta(TransferJob.Meta):
        pass

    def __str__(self):
        return f"export of event {self.event_id} ({self.task.state})"

    @property
    def download_url(self):
        """The download route with a signed token (`transfers.download_links`): opens without a JWT too."""
        from transfers import download_links

        return f"/v1/events/{self.event_id}/exports/{self.task_id}/download?token={download_links.token(self)}"

    @property
    def result(self):
        if self.task.state == "SUCCESS":
            return self.download_url
        return self.task.error or None
