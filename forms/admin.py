from django.contrib import admin

from forms.models import CustomForm, CustomFormTranslation


class TranslationInline(admin.TabularInline):
    model = CustomFormTranslation
    extra = 0


@admin.register(CustomForm)
class CustomFormAdmin(admin.ModelAdmin):
    list_display = ("field_identifier", "form", "event", "type", "is_included", "is_required", "position")
    list_filter = ("form", "type", "is_included", "is_required")
    search_fields = ("field_identifier", "name", "event__name", "event__identifier")
    raw_id_fields = ("event",)
    inlines = [TranslationInline]
