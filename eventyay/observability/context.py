"""The id of the request (or job) being served, for every log line written while serving it."""

import contextvars
import re
import uuid

_request_id = contextvars.ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id():
    return _request_id.get()


def new_request_id(offered=None):
    """The caller's `X-Request-ID` when it is a sane token (a proxy's id ties its logs to ours), else a new one."""
    if offered and _VALID.match(offered):
        return offered
    return uuid.uuid4().hex


def bind(value):
    """Make `value` the current id; returns the token `reset` takes."""
    return _request_id.set(value or "")


def reset(token):
    _request_id.reset(token)
