from django.contrib import admin

from transfers.models import ExportJob, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "filename", "user", "event", "result_status", "starts_at")
    search_fields = ("filename", "user__email")
    list_select_related = ("task", "user", "event")
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "event", "user", "result_status", "size", "starts_at")
    search_fields = ("event__name", "user__email")
    list_select_related = ("task", "user", "event")
    readonly_fields = [f.name for f in ExportJob._meta.fields]
