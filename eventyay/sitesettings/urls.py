from django.urls import path

from eventyay.sitesettings.views import SettingsView

urlpatterns = [path("settings", SettingsView.as_view(), name="settings")]
