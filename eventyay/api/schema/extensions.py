"""drf-spectacular extensions of the core: the JWT scheme and the relationship and method fields.

Registered by importing this module (`eventyay.api.schema` does). Fields an app defines get their extension
next to the field, in that app.
"""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular_jsonapi.schemas.openapi import DjangoJsonApiFilterExtension


class JWTScheme(OpenApiAuthenticationExtension):
    target_class = "eventyay.users.authentication.JWTAuthentication"
    name = "JWT"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`JWT <access token>` (from `POST /v1/auth/login`); `Bearer <token>` works too.",
        }


class RelationField(OpenApiSerializerFieldExtension):
    """Every relationship's linkage id; the JSON:API converter wraps it into `{"data": {"type", "id"}}`."""

    target_class = "eventyay.api.relations.Relation"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string"}


class MethodField(OpenApiSerializerFieldExtension):
    """Method fields: their return type hint when they have one; else `is_*`/`has_*` are booleans, others text."""

    target_class = "rest_framework.fields.SerializerMethodField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        method = getattr(field.parent, field.method_name, None)
        if method is not None and "return" in getattr(method, "__annotations__", {}):
            return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if re.match(r"(is|has)_", field.field_name):
            return {"type": "boolean", "readOnly": True}
        return {"type": "string", "nullable": True, "readOnly": True}


# drf-spectacular-jsonapi registers a filter extension for json-api's django-filter backend, which needs
# django-filter; we filter with `eventyay.api.filters` and do not install it, so the extension is optional
# (else the first schema built in a process warns that its target class is missing).
DjangoJsonApiFilterExtension.optional = True
