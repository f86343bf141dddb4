"""Where files go (a settings row an admin can edit) and what was uploaded (for clean-up)."""

import uuid

from django.conf import settings
from django.db import models

from media.crypto import EncryptedCharField


class Backend(models.TextChoices):
    LOCAL = "local", "Local disk"
    S3 = "s3", "Amazon S3 or S3-compatible"
    GCS = "gcs", "Google Cloud Storage"


class StorageSettings(models.Model):
    """One row (pk 1). A blank field means: use the environment's value (see settings.py)."""

    backend = models.CharField(
        max_length=8, choices=Backend.choices, blank=True, default="", help_text="Blank: STORAGE_BACKEND."
    )
    s3_bucket = models.CharField("S3 bucket", max_length=255, blank=True, default="")
    s3_region = models.CharField("S3 region", max_length=64, blank=True, default="")
    s3_endpoint_url = models.URLField(
        "S3 endpoint URL", max_length=500, blank=True, default="", help_text="Only for S3-compatible services."
    )
    s3_custom_domain = models.CharField(
        "S3 public domain", max_length=255, blank=True, default="", help_text="A CDN domain serving the bucket."
    )
    s3_access_key_id = models.CharField("S3 access key id", max_length=255, blank=True, default="")
    s3_secret_access_key = EncryptedCharField("S3 secret access key", blank=True, default="")
    gcs_bucket = models.CharField("GCS bucket", max_length=255, blank=True, default="")
    gcs_access_key_id = models.CharField(
        "GCS HMAC access key", max_length=255, blank=True, default="", help_text="An interoperability (HMAC) key."
    )
    gcs_secret_access_key = EncryptedCharField("GCS HMAC secret", blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "storage settings"

    def __str__(self):
        return f"Storage: {self.backend or 'from environment'}"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls()


class Upload(models.Model):
    """A file stored through the upload endpoints; temporary ones nothing points to are removed later."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        IMAGE = "image", "Image (base64)"
        THUMBNAIL = "thumbnail", "Thumbnail"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    backend = models.CharField(max_length=8, choices=Backend.choices)
    name = models.CharField(max_length=500, help_text="The key inside the storage.")
    url = models.CharField(max_length=2000, db_index=True)
    content_type = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    temporary = models.BooleanField(default=True, help_text="Removed after N days unless something points to it.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
