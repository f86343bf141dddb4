from django.contrib import admin

from invites.models import RoleInvite, SpeakerInvite


@admin.register(RoleInvite)
class RoleInviteAdmin(admin.ModelAdmin):
    list_display = ("email", "role_name", "event", "status", "created_at")
    list_filter = ("status", "role_name")
    search_fields = ("email", "event__name")
    readonly_fields = ("token_digest",)
    raw_id_fields = ("event",)


@admin.register(SpeakerInvite)
class SpeakerInviteAdmin(admin.ModelAdmin):
    list_display = ("email", "session", "event", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("email", "session__title")
    raw_id_fields = ("event", "session")
