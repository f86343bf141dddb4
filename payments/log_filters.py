"""Keep Stripe secrets out of log output.

The `stripe` library logs the full response body of every call at DEBUG, and the OAuth token
response holds the connected account's secret key and refresh token. This filter, installed on
the `stripe` logger in `PaymentsConfig.ready()`, drops request and response details from its
records and masks anything shaped like a Stripe secret.
"""

import logging
import re

# logfmt sorts its keys, so `message=` is not necessarily first (`body=... message='API response body'`).
DETAIL_MESSAGES = ("message='API response body'", "message='Post details'")
SECRET_SHAPE = re.compile(r"\b(sk|rk|rt)_[A-Za-z0-9_]{6,}")


def redact(text):
    return SECRET_SHAPE.sub(lambda m: f"{m.group(1)}_[redacted]", text)


class RedactStripeSecrets(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        for name in DETAIL_MESSAGES:
            if name in message:
                message = f"{name} [details redacted]"
                break
        record.msg, record.args = redact(message), ()
        return True


def install():
    logger = logging.getLogger("stripe")
    if not any(isinstance(f, RedactStripeSecrets) for f in logger.filters):
        logger.addFilter(RedactStripeSecrets())
