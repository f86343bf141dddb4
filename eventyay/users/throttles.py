"""Rate limits on guessing (login, API and admin; e-mail checks; sign-up) and on mail sent by hand (notify).

Counters live in the shared cache (`CACHES`: Redis or the database), so every worker process adds to the
same count. The client is the socket's address unless `NUM_PROXIES` trusted proxies stand in front (then the
matching entry of `X-Forwarded-For`), so a client cannot pick a fresh identity per request.
"""

from django.contrib import admin
from django.http import HttpResponse
from rest_framework.throttling import SimpleRateThrottle


class AddressThrottle(SimpleRateThrottle):
    """Counts every request of one client address, signed in or not."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginThrottle(AddressThrottle):
    scope = "login"


class SignupThrottle(AddressThrottle):
    scope = "signup"


class UserThrottle(SimpleRateThrottle):
    """Counts the requests of one signed-in user (of one address when anonymous), wherever they come from."""

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class NotifyThrottle(UserThrottle):
    """Mails an organizer sends by hand (`/v1/sessions/<id>/notify`): `NOTIFY_THROTTLE_RATE`."""

    scope = "notify"


def admin_login(request, **kwargs):
    """The Django admin's login form, with the API login's limit on attempts (one counter for both)."""
    if request.method == "POST" and not LoginThrottle().allow_request(request, None):
        return HttpResponse("Too many login attempts; try again in a minute.", status=429, content_type="text/plain")
    return admin.site.login(request, **kwargs)
