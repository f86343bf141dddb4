"""Keep Stripe secrets out of log output.

The `stripe` library logs the full response body of every call at DEBUG, and the OAuth token
response holds the connected account's secret key and refresh token. This filter, installed on
the `stripe` logger in `PaymentsConfig.ready()`, drops request and response details from its
records and masks anything shaped like a Stripe secret.
"""

import logging
import re

DETAIL_MESSAGES = ("'API response body'", "'Post details'")
MESSAGE_NAME = re.compile(r"message=('[^']*'|\S+)")
SECRET_SHAPE = re.compile(r"\b(sk|rk|rt)_[A-Za-z0-9_]{6,}")


def redact(text):
    return SECRET_SHAPE.sub(lambda m: f"{m.group(1)}_[redacted]", text)


class RedactStripeSecrets(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        name = MESSAGE_NAME.match(message)
        if name and name.group(1) in DETAIL_MESSAGES:
            message = f"{name.group(0)} [details redacted]"
        record.msg, record.args = redact(message), ()
        return True


def install():
    logger = logging.getLogger("stripe")
    if not any(isinstance(f, RedactStripeSecrets) for f in logger.filters):
        logger.addFilter(RedactStripeSecrets())
