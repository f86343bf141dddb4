"""Linking an event to its organizer's Stripe account through Stripe Connect OAuth (reference §3.7).

The client obtains an authorization code from Stripe; we exchange it at the platform's OAuth token
endpoint for the account's keys and keep them, secrets encrypted, for that event's payments.
Callable from views, the admin, commands and tests alike.
"""

import logging
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from events.models import Event
from eventyay import errors
from eventyay.api import permissions as perms
from payments import crypto
from payments.models import PaymentSettings, StripeAuthorization

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------- errors
class StripeDisabled(errors.Forbidden):
    def __init__(self, message="Stripe payment is disabled for this Event"):
        super().__init__(message)


class StripeNotConfigured(errors.Forbidden):
    def __init__(self, message="Stripe payment isn't configured properly for the Platform"):
        super().__init__(message)


class AlreadyLinked(errors.Conflict):
    def __init__(self, message="Stripe Authorization already exists for this event"):
        super().__init__(message)


class StripeUnavailable(errors.Unavailable):
    """Stripe could not be reached or answered something unusable; nothing was saved."""

    def __init__(self, message="Stripe could not be reached. Nothing was saved; please try again."):
        super().__init__(message, code="stripe_unavailable", status=502)


class StripeTimeout(errors.Unavailable):
    def __init__(self, message="Stripe did not answer in time. Nothing was saved; please try again."):
        super().__init__(message, code="stripe_timeout", status=504)


# ----------------------------------------------------------------- platform
@dataclass(frozen=True)
class PlatformKeys:
    """The effective platform keys: the admin's PaymentSettings first, then the environment."""

    client_id: str
    secret_key: str
    publishable_key: str
    connect_base: str
    timeout: float
    api_base: str = "https://api.stripe.com"

    def __repr__(self):
        return f"PlatformKeys(client_id={self.client_id!r}, connect_base={self.connect_base!r})"


def platform_keys():
    row = PaymentSettings.load()
    return PlatformKeys(
        client_id=row.stripe_client_id or settings.STRIPE_CLIENT_ID,
        secret_key=row.stripe_secret_key or settings.STRIPE_SECRET_KEY,
        publishable_key=row.stripe_publishable_key or settings.STRIPE_PUBLISHABLE_KEY,
        connect_base=settings.STRIPE_CONNECT_BASE.rstrip("/"),
        timeout=settings.STRIPE_TIMEOUT_SECONDS,
        api_base=settings.STRIPE_API_BASE.rstrip("/"),
    )


def stripe_client(keys):
    """A client bound to these keys and base URLs, with a timeout and no silent retries (a code is single-use;
    payments carry idempotency keys, so the caller may retry them)."""
    return stripe.StripeClient(
        keys.secret_key,
        client_id=keys.client_id or None,
        base_addresses={"connect": keys.connect_base, "api": keys.api_base},
        http_client=stripe.RequestsClient(timeout=keys.timeout),
        max_network_retries=0,
    )


# -------------------------------------------------------------- permissions
def may_manage(user, event):
    """Create or change the link: the event's owner and organizers only (staff do not act for them)."""
    return bool(perms.roles_on(user, event) & perms.ORGANIZER)


def may_view_or_unlink(user, event):
    """Read or delete the link: the event's owner and organizers, and admins."""
    return perms.has_event_role(user, event, perms.ORGANIZER)


# -------------------------------------------------------------------- rules
def check_can_link(event):
    """The checks before a code is spent at Stripe, in Open Event's order (403, then 409)."""
    if not event.can_pay_by_stripe:
        raise StripeDisabled()
    if StripeAuthorization.objects.filter(event=event).exists():
        raise AlreadyLinked()


def exchange_code(code, keys=None):
    """Trade an authorization code for the connected account's keys at Stripe's token endpoint."""
    keys = keys or platform_keys()
    if not keys.secret_key or not crypto.is_configured():
        raise StripeNotConfigured()
    try:
        answer = stripe_client(keys).oauth.token(params={"grant_type": "authorization_code", "code": code})
    except stripe.oauth_error.OAuthError as exc:
        logger.info("Stripe refused an authorization code: %s", exc.code)
        raise errors.DomainError(exc.user_message or "Stripe refused the authorization code.", field="stripe_auth_code")
    except stripe.APIConnectionError as exc:
        timed_out = "Timeout" in str(exc)
        logger.warning("Stripe token endpoint unreachable (%s)", "timeout" if timed_out else "connection error")
        raise StripeTimeout() if timed_out else StripeUnavailable()
    except stripe.StripeError as exc:
        logger.warning("Stripe token endpoint failed with HTTP %s", exc.http_status)
        raise StripeUnavailable()
    token = answer.to_dict()
    credentials = {
        "stripe_secret_key": token.get("access_token"),
        "stripe_refresh_token": token.get("refresh_token") or "",
        "stripe_publishable_key": token.get("stripe_publishable_key"),
        "stripe_user_id": token.get("stripe_user_id"),
    }
    if not all(credentials[name] for name in ("stripe_secret_key", "stripe_user_id", "stripe_publishable_key")):
        logger.warning("Stripe token endpoint answered without the expected keys")
        raise StripeUnavailable("Stripe answered without the account's keys. Nothing was saved.")
    return credentials


def link_event(event, code):
    """Exchange `code` and store the account for `event`; sets `is_stripe_linked`. One per event."""
    check_can_link(event)
    credentials = exchange_code(code)
    try:
        with transaction.atomic():
            authorization = StripeAuthorization.objects.create(event=event, **credentials)
            _set_linked(event, True)
    except IntegrityError:
        # A concurrent request linked the event first. Do not deauthorize: it may be the same account.
        raise AlreadyLinked()
    logger.info("Event %s linked to Stripe account %s", event.pk, authorization.stripe_user_id)
    return authorization


def relink(authorization, code):
    """Replace the stored keys with those of a new authorization code (a key roll or another account)."""
    if not authorization.event.can_pay_by_stripe:
        raise StripeDisabled()
    credentials = exchange_code(code)
    previous_account = authorization.stripe_user_id
    for name, value in credentials.items():
        setattr(authorization, name, value)
    with transaction.atomic():
        authorization.save()
        _set_linked(authorization.event, True)
        if previous_account != authorization.stripe_user_id:
            transaction.on_commit(lambda: deauthorize(previous_account))
    logger.info("Event %s relinked to Stripe account %s", authorization.event_id, authorization.stripe_user_id)
    return authorization


def unlink(authorization):
    """Delete the link, clear the event's flag and, once committed, revoke the platform's access at Stripe."""
    account = authorization.stripe_user_id
    event = authorization.event
    with transaction.atomic():
        authorization.delete()
        _set_linked(event, False)
        transaction.on_commit(lambda: deauthorize(account))
    logger.info("Event %s unlinked from Stripe account %s", event.pk, account)


def deauthorize(stripe_user_id, keys=None):
    """Revoke the platform's access to the account at Stripe; True when Stripe confirmed.

    Best effort: the local link is gone either way, and the organizer can also revoke in Stripe's dashboard.
    """
    keys = keys or platform_keys()
    if not (keys.client_id and keys.secret_key and stripe_user_id):
        logger.info("Not deauthorizing Stripe account %s: platform client id or key not configured", stripe_user_id)
        return False
    try:
        stripe_client(keys).oauth.deauthorize(params={"client_id": keys.client_id, "stripe_user_id": stripe_user_id})
    except stripe.StripeError as exc:
        logger.warning("Deauthorizing Stripe account %s failed: %s", stripe_user_id, type(exc).__name__)
        return False
    return True


def _set_linked(event, linked):
    Event.all_objects.filter(pk=event.pk).update(is_stripe_linked=linked)
    event.is_stripe_linked = linked
