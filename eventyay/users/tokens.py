"""JWTs carry the user's token version (`ver`); ending a user's tokens bumps it.

A logout, a blacklist call or a password change bumps `User.token_version`, so every access and refresh
token issued before it fails authentication at once instead of living out its lifetime (a day for a login
token, a year for a refresh token). Tokens without the claim count as version 0.
"""

from django.db.models import F
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from eventyay.users.models import User

VERSION_CLAIM = "ver"


def token_is_current(token, user):
    return token.get(VERSION_CLAIM, 0) == user.token_version


def access_token_for(user, lifetime=None, fresh=True):
    token = AccessToken.for_user(user)
    if lifetime is not None:
        token.set_exp(lifetime=lifetime)
    token["fresh"] = fresh
    token[VERSION_CLAIM] = user.token_version
    return str(token)


def refresh_token_for(user):
    token = RefreshToken.for_user(user)
    token[VERSION_CLAIM] = user.token_version
    return token


def end_tokens(user):
    """Every token of `user` issued until now stops working (refresh tokens are blacklisted as well)."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.token_version = User.objects.values_list("token_version", flat=True).get(pk=user.pk)
    for outstanding in OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True):
        BlacklistedToken.objects.get_or_create(token=outstanding)
