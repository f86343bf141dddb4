"""import-jobs and export-jobs as JSON:API resources (reference §3.15; export-jobs are ours)."""

from rest_framework_json_api import serializers

from events.models import Event
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer
from eventyay.users.models import User
from media.storage import absolute_url
from transfers.models import ExportJob, ImportJob


class TransferJobSerializer(ResourceSerializer):
    task = serializers.CharField(source="task_id", read_only=True)
    task_url = serializers.SerializerMethodField()
    result = serializers.CharField(read_only=True)
    result_status = serializers.CharField(read_only=True)
    stage = serializers.CharField(source="task.stage", read_only=True)
    user = Relation(read_only=True, related_model=User)
    event = Relation(read_only=True, related_model=Event)

    included_serializers = {
        "event": "events.serializers.event.EventSerializer",
        "user": "eventyay.users.serializers.PublicUserSerializer",
    }

    def get_task_url(self, job):
        return f"/v1/tasks/{job.task_id}"


class ImportJobSerializer(TransferJobSerializer):
    class Meta:
        model = ImportJob
        resource_name = "import-job"
        collection = "import-jobs"
        fields = (
            "task",
            "task_url",
            "starts_at",
            "result",
            "result_status",
            "stage",
            "filename",
            "warnings",
            "user",
            "event",
        )
        read_only_fields = fields


class ExportJobSerializer(TransferJobSerializer):
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, job):
        if job.task.state != "SUCCESS":
            return None
        return absolute_url(job.download_url)  # absolute with PUBLIC_BASE_URL, else as before

    class Meta:
        model = ExportJob
        resource_name = "export-job"
        collection = "export-jobs"
        fields = (
            "task",
            "task_url",
            "starts_at",
            "result",
            "result_status",
            "stage",
            "media",
            "size",
            "download_url",
            "warnings",
            "user",
            "event",
        )
        read_only_fields = fields
