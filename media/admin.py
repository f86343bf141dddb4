"""The staff's view: where files go (overrides the environment) and what was uploaded."""

from django import forms
from django.contrib import admin

from media.models import StorageSettings, Upload


class StorageSettingsForm(forms.ModelForm):
    """Secrets are write-only: a blank field keeps the stored value."""

    s3_secret_access_key = forms.CharField(
        label="S3 secret access key", required=False, widget=forms.PasswordInput(render_value=False)
    )
    gcs_secret_access_key = forms.CharField(
        label="GCS HMAC secret", required=False, widget=forms.PasswordInput(render_value=False)
    )
    clear_secrets = forms.BooleanField(required=False, help_text="Remove both stored secrets.")

    class Meta:
        model = StorageSettings
        fields = (
            "backend",
            "s3_bucket",
            "s3_region",
            "s3_endpoint_url",
            "s3_custom_domain",
            "s3_access_key_id",
            "s3_secret_access_key",
            "gcs_bucket",
            "gcs_access_key_id",
            "gcs_secret_access_key",
        )

    def clean(self):
        data = super().clean()
        for field in ("s3_secret_access_key", "gcs_secret_access_key"):
            if data.get("clear_secrets"):
                data[field] = ""
            elif not data.get(field):
                data[field] = getattr(self.instance, field, "")
        return data


@admin.register(StorageSettings)
class StorageSettingsAdmin(admin.ModelAdmin):
    form = StorageSettingsForm
    list_display = ("__str__", "updated_at")
    fieldsets = (
        (None, {"fields": ("backend",)}),
        (
            "S3",
            {
                "fields": (
                    "s3_bucket",
                    "s3_region",
                    "s3_endpoint_url",
                    "s3_custom_domain",
                    "s3_access_key_id",
                    "s3_secret_access_key",
                )
            },
        ),
        ("Google Cloud Storage", {"fields": ("gcs_bucket", "gcs_access_key_id", "gcs_secret_access_key")}),
        (None, {"fields": ("clear_secrets",)}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not StorageSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "backend", "content_type", "size", "user", "temporary", "created_at")
    list_filter = ("kind", "backend", "temporary")
    search_fields = ("name", "url", "user__email")
    readonly_fields = [f.name for f in Upload._meta.fields]

    def has_add_permission(self, request):
        return False
