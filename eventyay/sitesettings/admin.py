"""The staff's view of the site settings: secrets are typed in, never shown again."""

from django import forms
from django.contrib import admin

from eventyay.crypto import EncryptedTextField
from eventyay.sitesettings.models import SiteSettings

SECRETS = [f.name for f in SiteSettings._meta.fields if isinstance(f, EncryptedTextField)]


class SiteSettingsForm(forms.ModelForm):
    """Blank secret inputs keep the stored value; "clear" removes it."""

    clear_secrets = forms.MultipleChoiceField(
        choices=[(name, name) for name in SECRETS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Remove these stored secrets.",
    )

    class Meta:
        model = SiteSettings
        fields = [f.name for f in SiteSettings._meta.fields if f.editable and f.name != "id"]
        widgets = {name: forms.PasswordInput(render_value=False) for name in SECRETS}

    def clean(self):
        cleaned = super().clean()
        cleared = set(cleaned.get("clear_secrets") or ())
        for name in SECRETS:
            if name in cleared:
                cleaned[name] = ""
            elif not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    form = SiteSettingsForm
    list_display = ("__str__", "app_name", "frontend_url", "modified_at")

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
