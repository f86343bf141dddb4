"""CORS: open to every origin without credentials, credentialed only for the allow-list.

Open Event's clients send their token in the `Authorization` header, which needs no credentialed CORS, so
any origin may read the API (`Access-Control-Allow-Origin: *`). Cookies (the refresh-token cookie) are only
sent cross-origin by browsers when the answer names the origin and allows credentials: that happens only
for origins listed in `CORS_ALLOWED_ORIGINS`, never by reflecting whatever `Origin` a page sends.
"""

from urllib.parse import urlsplit

from corsheaders.middleware import ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN
from corsheaders.middleware import CorsMiddleware as BaseCorsMiddleware
from django.conf import settings


def origin_is_listed(origin):
    try:
        url = urlsplit(origin)
    except ValueError:
        return False
    for allowed in settings.CORS_ALLOWED_ORIGINS:
        listed = urlsplit(allowed)
        if (listed.scheme, listed.netloc) == (url.scheme, url.netloc):
            return True
    return False


class CorsMiddleware(BaseCorsMiddleware):
    def add_response_headers(self, request, response):
        response = super().add_response_headers(request, response)
        origin = request.headers.get("origin")
        if origin and getattr(request, "_cors_enabled", True) and origin_is_listed(origin):
            response[ACCESS_CONTROL_ALLOW_ORIGIN] = origin
            response[ACCESS_CONTROL_ALLOW_CREDENTIALS] = "true"
        return response
