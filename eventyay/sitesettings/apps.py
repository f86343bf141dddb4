from django.apps import AppConfig


class SiteSettingsConfig(AppConfig):
    name = "eventyay.sitesettings"
    label = "sitesettings"
    verbose_name = "Site settings"

    def ready(self):
        from eventyay.sitesettings.models import SiteSettings
        from eventyay.sitesettings.sections import Section, contribute
        from eventyay.sitesettings.serializers import SITE_PUBLIC, SITE_SIGNED_IN, SiteSettingsRowSerializer

        contribute(Section("site", SiteSettingsRowSerializer, SiteSettings.load, SITE_PUBLIC, SITE_SIGNED_IN))
