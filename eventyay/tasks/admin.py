from django.contrib import admin

from eventyay.tasks.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "user", "state", "stage", "done", "total", "created_at", "finished_at")
    list_filter = ("kind", "state")
    search_fields = ("id", "user__email", "stage")
    readonly_fields = [f.name for f in Task._meta.fields]
