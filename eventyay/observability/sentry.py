"""Error reports to Sentry when `SENTRY_DSN` is set and `sentry-sdk` is installed (an optional dependency)."""

import logging

logger = logging.getLogger(__name__)


def init(dsn, environment="", traces_sample_rate=0.0):
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
        from sentry_sdk.integrations.rq import RqIntegration
    except ImportError:
        logger.warning("SENTRY_DSN is set but sentry-sdk is not installed (pip install -r requirements/sentry.txt)")
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration(), RqIntegration()],
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,  # no user e-mails, cookies or bodies in reports
    )
    return True
