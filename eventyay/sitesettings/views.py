"""`GET /v1/settings` (anyone; the public subset unless an admin asks) and `PATCH /v1/settings` (admins)."""

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from eventyay.api import permissions as perms
from eventyay.api.parsers import sent_id
from eventyay.sitesettings import services
from eventyay.sitesettings.serializers import SettingSerializer


class SettingsView(APIView):
    resource_name = "setting"
    serializer_class = SettingSerializer

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", {"request": self.request, "view": self})
        return SettingSerializer(*args, **kwargs)

    def get(self, request):
        return Response(self.get_serializer(services.current()).data)

    def patch(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not perms.is_staff(request.user):
            raise exceptions.PermissionDenied("Only admins may change the settings.")
        if sent_id(request) not in (None, "1"):
            raise exceptions.ParseError("The settings resource has the id '1'.")
        serializer = self.get_serializer(services.current(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(services.current()).data)
