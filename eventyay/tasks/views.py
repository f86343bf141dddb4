"""`GET /v1/tasks/<id>`: the state of a job, for the user who started it (or an admin)."""

from django.http import Http404
from rest_framework.response import Response

from eventyay.api.permissions import IsAuthenticated, is_staff
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import STRING, obj
from eventyay.tasks import services
from eventyay.tasks.models import Task


def task_payload(task):
    body = {"state": task.state}
    if task.state == Task.State.SUCCESS:
        body["result"] = task.result
    elif task.state == Task.State.FAILURE:
        body["result"] = task.error
    else:
        body["progress"] = {"stage": task.stage, "done": task.done, "total": task.total, "percent": task.percent}
    return body


@plain_schema(
    get=operation(
        None,
        obj({"state": STRING, "result": {}, "progress": {"type": "object"}}, ["state"]),
        errors=(401, 404),
        login=True,
        tag="tasks",
        summary="A job's state: progress while it runs, its result or error when done.",
    ),
)
class TaskView(PlainJSONView):
    permission_classes = [IsAuthenticated]

    def get(self, request, task_id):
        try:
            task = Task.objects.get(pk=task_id)
        except (Task.DoesNotExist, ValueError, Exception):
            raise Http404("No such task.") from None
        if task.user_id != request.user.pk and not is_staff(request.user):
            raise Http404("No such task.")
        # Only the polled task is checked: a poll every second must not sweep the whole table.
        task = services.fail_if_orphaned(task)
        return Response(task_payload(task))
