"""The storage part of the `setting` resource, under Open Event's names (`storage-place`, `aws-*`, `gs-*`)."""

from rest_framework import serializers

from media.models import Backend, StorageSettings


class StoragePlaceField(serializers.ChoiceField):
    """Open Event says `gs` for Google Cloud Storage; blank means "as the environment says"."""

    WIRE = {Backend.GCS: "gs"}

    def __init__(self, **kwargs):
        super().__init__(choices=["local", "s3", "gs", "gcs", ""], allow_null=True, **kwargs)

    def to_representation(self, value):
        return self.WIRE.get(value, value) or None

    def to_internal_value(self, data):
        value = super().to_internal_value(data) or ""
        return Backend.GCS.value if value == "gs" else value


class StorageSettingsSerializer(serializers.ModelSerializer):
    storage_place = StoragePlaceField(source="backend", required=False)
    aws_key = serializers.CharField(source="s3_access_key_id", max_length=255, allow_blank=True, required=False)
    aws_secret = serializers.CharField(source="s3_secret_access_key", write_only=True, allow_blank=True, required=False)
    aws_bucket_name = serializers.CharField(source="s3_bucket", max_length=255, allow_blank=True, required=False)
    aws_region = serializers.CharField(source="s3_region", max_length=64, allow_blank=True, required=False)
    gs_key = serializers.CharField(source="gcs_access_key_id", max_length=255, allow_blank=True, required=False)
    gs_secret = serializers.CharField(source="gcs_secret_access_key", write_only=True, allow_blank=True, required=False)
    gs_bucket_name = serializers.CharField(source="gcs_bucket", max_length=255, allow_blank=True, required=False)

    class Meta:
        model = StorageSettings
        fields = (
            "storage_place",
            "aws_key",
            "aws_secret",
            "aws_bucket_name",
            "aws_region",
            "gs_key",
            "gs_secret",
            "gs_bucket_name",
        )
