from django.contrib import admin

from events import models


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "identifier", "name", "state", "privacy", "starts_at", "ends_at", "deleted_at")
    list_filter = ("state", "privacy", "online", "is_featured", "is_stripe_linked")
    search_fields = ("name", "identifier", "location_name")
    readonly_fields = ("identifier", "created_at", "is_stripe_linked")

    def get_queryset(self, request):
        return models.Event.all_objects.all()


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "title_name")
    search_fields = ("name", "title_name")


@admin.register(models.UsersEventsRoles)
class UsersEventsRolesAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "event", "role")
    list_filter = ("role",)
    search_fields = ("user__email", "event__name", "event__identifier")
    raw_id_fields = ("user", "event")
