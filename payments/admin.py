"""The staff's view: which events are linked to Stripe (never the secrets), unlink one; the platform keys."""

from django import forms
from django.contrib import admin, messages

from payments import services
from payments.models import PaymentSettings, StripeAuthorization


@admin.register(StripeAuthorization)
class StripeAuthorizationAdmin(admin.ModelAdmin):
    list_display = ("event", "stripe_publishable_key", "stripe_user_id", "created_at")
    list_select_related = ("event",)
    search_fields = ("event__name", "event__identifier", "stripe_user_id")
    # The secret key and refresh token are left out of every form and list.
    fields = ("event", "stripe_publishable_key", "stripe_user_id", "created_at", "modified_at")
    readonly_fields = fields
    actions = ("unlink",)

    def has_add_permission(self, request):
        return False  # Only the OAuth exchange creates authorizations.

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Unlink" does the same and also clears the event flag.
        return actions

    @admin.action(description="Unlink the selected events from Stripe", permissions=["delete"])
    def unlink(self, request, queryset):
        count = 0
        for authorization in queryset.select_related("event"):
            services.unlink(authorization)
            count += 1
        self.message_user(request, f"Unlinked {count} event(s) from Stripe.", messages.SUCCESS)

    def delete_model(self, request, obj):
        services.unlink(obj)


class PaymentSettingsForm(forms.ModelForm):
    stripe_secret_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave blank to keep the stored key. Stored encrypted; never shown again.",
    )
    clear_secret_key = forms.BooleanField(required=False, help_text="Remove the stored secret key.")

    class Meta:
        model = PaymentSettings
        fields = ("stripe_client_id", "stripe_publishable_key", "stripe_secret_key")

    def clean_stripe_secret_key(self):
        entered = self.cleaned_data.get("stripe_secret_key")
        return entered or (self.instance.stripe_secret_key if self.instance.pk else "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clear_secret_key"):
            cleaned["stripe_secret_key"] = ""
        return cleaned


@admin.register(PaymentSettings)
class PaymentSettingsAdmin(admin.ModelAdmin):
    form = PaymentSettingsForm
    list_display = ("__str__", "stripe_client_id", "stripe_publishable_key", "secret_key_set", "modified_at")
    fields = ("stripe_client_id", "stripe_publishable_key", "stripe_secret_key", "clear_secret_key")

    @admin.display(boolean=True, description="secret key set")
    def secret_key_set(self, obj):
        return bool(obj.stripe_secret_key)

    def has_add_permission(self, request):
        return not PaymentSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


from payments import admin_orders  # noqa: E402, F401 - orders and attendees (registered on import)
