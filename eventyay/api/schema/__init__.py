"""The OpenAPI description: what drf-spectacular(-jsonapi) infers, corrected to what the API really sends.

- `components`: the document parts, error documents and texts every operation shares.
- `plain`: `@plain_schema(get=operation(...))`, the hand-written operation of a plain-JSON view, kept next to
  the view in its app.
- `extensions`: the JWT scheme and the relationship/method fields (registered by importing this package).
- `hooks`: `preprocess_endpoints` and `postprocess_schema`, wired in `SPECTACULAR_SETTINGS`, which apply the
  conventions of `eventyay.api` once, to every operation.
"""

from eventyay.api.schema import extensions  # noqa: F401  (registers the extensions)
from eventyay.api.schema.hooks import postprocess_schema, preprocess_endpoints
from eventyay.api.schema.plain import PlainOperation, file_operation, operation, plain_schema

__all__ = [
    "PlainOperation",
    "file_operation",
    "operation",
    "plain_schema",
    "postprocess_schema",
    "preprocess_endpoints",
]
