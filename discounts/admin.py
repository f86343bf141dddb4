"""The staff's view of discount codes (both kinds) and the event code on the event's page."""

from django.contrib import admin, messages

import events.admin  # noqa: F401  (register EventAdmin first so it can be extended below)
from discounts.models import DiscountCode, EventDiscountCode
from events.models import Event


@admin.action(description="Deactivate the selected discount codes")
def deactivate(modeladmin, request, queryset):
    count = queryset.update(is_active=False)
    modeladmin.message_user(request, f"{count} discount codes deactivated.", messages.SUCCESS)


@admin.action(description="Activate the selected discount codes")
def activate(modeladmin, request, queryset):
    count = queryset.update(is_active=True)
    modeladmin.message_user(request, f"{count} discount codes activated.", messages.SUCCESS)


class EventLinkInline(admin.TabularInline):
    model = EventDiscountCode
    extra = 0
    raw_id_fields = ("event",)
    verbose_name = "event using this event code"


@admin.register(DiscountCode)
class DiscountCodeAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "code",
        "used_for",
        "type",
        "value",
        "is_active",
        "used_count",
        "tickets_number",
        "event",
        "valid_till",
        "deleted_at",
    )
    list_filter = ("used_for", "type", "is_active")
    search_fields = ("code", "event__name", "event__identifier", "marketer__email")
    raw_id_fields = ("event", "marketer")
    filter_horizontal = ("tickets",)
    readonly_fields = ("used_count", "created_at")
    actions = (deactivate, activate)
    inlines = (EventLinkInline,)

    def get_queryset(self, request):
        return DiscountCode.all_objects.select_related("event")


class EventCodeInline(admin.StackedInline):
    """The event's event-level code, chosen on the event's admin page."""

    model = EventDiscountCode
    extra = 0
    max_num = 1
    verbose_name = "event discount code"
    verbose_name_plural = "event discount code"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "discount_code":
            kwargs["queryset"] = DiscountCode.objects.filter(used_for=DiscountCode.UsedFor.EVENT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


if admin.site.is_registered(Event):
    _EventAdmin = type(admin.site._registry[Event])
    admin.site.unregister(Event)
    admin.site.register(
        Event,
        type("EventAdmin", (_EventAdmin,), {"inlines": (*getattr(_EventAdmin, "inlines", ()), EventCodeInline)}),
    )
