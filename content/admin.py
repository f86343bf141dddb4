from django.contrib import admin

from content.models import CustomPlaceholder, EventCopyright, Exhibitor, Faq, FaqType, Page, Tag


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


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "place", "index", "is_published")
    list_filter = ("place", "is_published")


@admin.register(CustomPlaceholder)
class CustomPlaceholderAdmin(admin.ModelAdmin):
    list_display = ("name", "event_sub_topic", "origin")
