"""Domain errors: what a rule says when it refuses, free of HTTP.

Services in every app raise these; `eventyay.api.exceptions` maps them to JSON:API errors in one
place, and jobs and commands show their message as it is. A service never raises `Http404` or a
DRF exception.
"""


class DomainError(Exception):
    """A rule refused a write. `field` names the attribute at fault (dasherized wire name or model
    field name), if any; the API answers 422 pointing at it."""

    status = 422

    def __init__(self, message, field=None, code=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code

    def __str__(self):
        return self.message


class NotFound(DomainError):
    """The object the write names does not exist, or the caller may not know that it does."""

    status = 404


class Conflict(DomainError):
    """The write clashes with the current state (a duplicate, a code used up, a sold-out ticket)."""

    status = 409


class Forbidden(DomainError):
    """The caller may not make this write, whatever its content."""

    status = 403


class TooLarge(DomainError):
    """The input is larger than a configured limit allows."""

    status = 413


class Malformed(DomainError):
    """The input cannot be read as what the write expects (a missing part, a file name with a path)."""

    status = 400


class UnsupportedType(DomainError):
    """The content is of a type this write does not accept (a PDF where an image goes)."""

    status = 415


class Unavailable(DomainError):
    """A service we depend on (a payment provider) could not be reached or answered nonsense; nothing was saved.

    `status` is 502 (bad answer) or 504 (no answer in time)."""

    status = 502

    def __init__(self, message, field=None, code=None, status=None):
        super().__init__(message, field=field, code=code)
        if status is not None:
            self.status = status
