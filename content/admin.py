from django.contrib import admin

from content.models import EventCopyright, Faq, FaqType


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
