from django.contrib import admin

from content.models import EventCopyright, Exhibitor, Faq, FaqType, Tag


@admin.register(EventCopyright)
class EventCopyrightAdmin(admin.ModelAdmin):
    list_display = ("licence", "holder", "year", "event")
    raw_id_fields = ("event",)


@admin.register(FaqType)
class FaqTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "event")
    raw_id_fields = ("event",)


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ("question", "faq_type", "event")
    search_fields = ("question",)
    raw_id_fields = ("event", "faq_type")


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "position", "event")
    list_filter = ("status",)
    search_fields = ("name",)
    raw_id_fields = ("event", "sessions")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "color", "is_read_only", "event")
    raw_id_fields = ("event",)
