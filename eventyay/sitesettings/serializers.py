"""The `setting` resource: the fields of every section, filtered by who asks (reference: Open Event's
SettingSchemaPublic / NonAdmin / Admin)."""

from rest_framework import serializers

from eventyay.api import permissions as perms
from eventyay.crypto import EncryptedTextField
from eventyay.sitesettings import services
from eventyay.sitesettings.models import SiteSettings
from eventyay.sitesettings.sections import all_sections

#: What anonymous callers read: what the client needs to draw any page.
SITE_PUBLIC = frozenset(
    {
        "app_name",
        "tagline",
        "order_expiry_time",
        "start_pg_enabled",
        "start_pg_event_id",
        "analytics_key",
        "fb_client_id",
        "google_url",
        "github_url",
        "twitter_url",
        "support_url",
        "facebook_url",
        "instagram_url",
        "patreon_url",
        "gitter_url",
        "telegram_url",
        "youtube_url",
        "weblate_url",
        "frontend_url",
        "rocket_chat_url",
        "cookie_policy",
        "cookie_policy_link",
        "is_paypal_activated",
        "is_billing_paypal_activated",
        "is_omise_activated",
        "is_alipay_activated",
        "is_paytm_activated",
        "paypal_mode",
        "paypal_client",
        "paypal_sandbox_client",
        "omise_mode",
        "omise_test_public",
        "omise_live_public",
        "alipay_publishable_key",
        "paytm_mode",
        "paytm_live_merchant",
        "paytm_sandbox_merchant",
        "admin_company",
        "admin_billing_contact_name",
        "admin_billing_email",
        "admin_billing_phone",
        "admin_billing_address",
        "admin_billing_city",
        "admin_billing_state",
        "admin_billing_zip",
        "admin_billing_country",
        "admin_billing_tax_info",
        "admin_billing_additional_info",
        "admin_billing_logo",
        "is_google_recaptcha_enabled",
        "google_recaptcha_site",
        "logo_size",
        "image_size",
        "slide_size",
    }
)
SITE_SIGNED_IN = frozenset({"android_app_url", "web_app_url"})


class SiteSettingsRowSerializer(serializers.ModelSerializer):
    """The core row: every column, secrets write-only, the providers' activation flags computed."""

    is_paypal_activated = serializers.BooleanField(read_only=True)
    is_billing_paypal_activated = serializers.BooleanField(read_only=True)
    is_omise_activated = serializers.BooleanField(read_only=True)
    is_alipay_activated = serializers.BooleanField(read_only=True)
    is_paytm_activated = serializers.BooleanField(read_only=True)

    class Meta:
        model = SiteSettings
        exclude = ("id", "modified_at")
        extra_kwargs = {
            f.name: {"write_only": True} for f in SiteSettings._meta.fields if isinstance(f, EncryptedTextField)
        }


def audience(user):
    """ "admin", "signed_in" or "public": which fields of the resource this user reads."""
    if perms.is_staff(user):
        return "admin"
    return "signed_in" if user is not None and user.is_authenticated else "public"


def visible(section, name, who):
    if who == "admin":
        return True
    return name in section.public or (who == "signed_in" and name in section.signed_in)


class SettingSerializer(serializers.Serializer):
    """All sections' fields side by side, each read from (and written to) its own row."""

    class Meta:
        resource_name = "setting"

    def get_fields(self):
        request = self.context.get("request")
        who = audience(getattr(request, "user", None))
        fields = {}
        for section in all_sections():
            for name, field in section.serializer().fields.items():
                if not visible(section, name, who):
                    continue
                kwargs = {**field._kwargs, "source": f"{section.name}.{field.source or name}"}
                fields[name] = type(field)(*field._args, **kwargs)
        fields["id"] = serializers.CharField(read_only=True, source="pk")
        return fields

    def to_representation(self, instance):
        return {
            name: (str(value) if name == "id" else value) for name, value in super().to_representation(instance).items()
        }

    def update(self, instance, validated_data):
        return services.update(instance, validated_data)
