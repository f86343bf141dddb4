"""Rate limits on guessing: login (API and admin), e-mail checks, sign-up.

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


def admin_login(request, **kwargs):
    """The Django admin's login form, with the API login's limit on attempts (one counter for both)."""
    if request.method == "POST" and not LoginThrottle().allow_request(request, None):
        return HttpResponse("Too many login attempts; try again in a minute.", status=429, content_type="text/plain")
    return admin.site.login(request, **kwargs)
