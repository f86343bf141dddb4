from django import forms
from django.contrib import admin

from eventyay.errors import DomainError
from forms.domain.changes import check_unique, update_form
from forms.models import CustomForm, CustomFormTranslation


class TranslationInline(admin.TabularInline):
    model = CustomFormTranslation
    extra = 0


class CustomFormAdminForm(forms.ModelForm):
    """The staff's form checks a field as the API does: one field of a name per form and form-id of an event.

    No `Meta`: the admin builds the model form from it with the model and the fields it shows.
    """

    def clean(self):
        cleaned = super().clean()
        event, form, identifier = cleaned.get("event"), cleaned.get("form"), cleaned.get("field_identifier")
        if event is not None and form and identifier:
            try:
                check_unique(event, form, identifier, cleaned.get("form_id"), exclude_pk=self.instance.pk)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from None
        return cleaned


@admin.register(CustomForm)
class CustomFormAdmin(admin.ModelAdmin):
    form = CustomFormAdminForm
    list_display = ("field_identifier", "form", "event", "type", "is_included", "is_required", "position")
    list_filter = ("form", "type", "is_included", "is_required")
    search_fields = ("field_identifier", "name", "event__name", "event__identifier")
    raw_id_fields = ("event",)
    inlines = [TranslationInline]

    def save_model(self, request, obj, form, change):
        update_form(obj)  # the domain's write: canonical names of built-in fields, the uniqueness rule
