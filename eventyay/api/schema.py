"""The OpenAPI description: what drf-spectacular(-jsonapi) infers, corrected to what the API really sends.

Three pieces, wired in `SPECTACULAR_SETTINGS`:

- `preprocess_endpoints` (a preprocessing hook) drops the documentation routes themselves and, by being
  imported, registers the extensions below before any view is inspected.
- Extensions: the `JWT` security scheme, and a hand-written operation for each plain-JSON view (auth, uploads,
  tasks, calculate-amount, import/export starters...) that has no serializer to infer from. Targets are dotted
  strings, so this core module imports no app.
- `postprocess_schema` (a postprocessing hook) applies the conventions of `eventyay.api` once, to every
  operation: resource objects carry `links`, relationships carry `links` and `data` only when included,
  DELETE answers 200 with a message, every operation lists its JSON:API error responses, relationship routes
  enumerate their relationship names, and `page[...]` parameters are documented on lists.
"""

import copy
import inspect
import re

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
    OpenApiViewExtension,
)
from drf_spectacular.openapi import AutoSchema

JSONAPI = "application/vnd.api+json"
JSON = "application/json"

# ----------------------------------------------------------------------------- shared schema pieces
STRING = {"type": "string"}
LINKS = {"type": "object", "additionalProperties": {"type": "string", "nullable": True}}
ID = {"oneOf": [{"type": "string"}, {"type": "integer"}]}

ERROR_OBJECT = {
    "type": "object",
    "properties": {
        "status": STRING,
        "title": STRING,
        "detail": STRING,
        "code": STRING,
        "source": {
            "type": "object",
            "properties": {"pointer": STRING, "parameter": STRING},
        },
    },
}
ERROR_DOCUMENT = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}},
        "jsonapi": {"type": "object"},
    },
}
# Plain-JSON views answer either the error list or Open Event's one-line `{"error": ...}`.
PLAIN_ERROR_DOCUMENT = {
    "type": "object",
    "properties": {
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}},
        "error": STRING,
    },
}
RESOURCE_OBJECT = {
    "type": "object",
    "required": ["type", "id"],
    "properties": {
        "type": STRING,
        "id": ID,
        "attributes": {"type": "object"},
        "relationships": {"type": "object"},
        "links": LINKS,
        "meta": {"type": "object"},
    },
}
IDENTIFIER = {
    "type": "object",
    "required": ["type", "id"],
    "properties": {"type": STRING, "id": ID},
}
DELETED = {
    "type": "object",
    "required": ["meta"],
    "properties": {
        "meta": {"type": "object", "properties": {"message": STRING}},
        "jsonapi": {"type": "object"},
    },
}

ERROR_TEXT = {
    400: "Malformed request: bad query parameter, body or id.",
    401: "Missing or invalid credentials (`Authorization: JWT <token>`).",
    403: "Logged in, but without the role this needs.",
    404: "No such object, or not visible to the caller (draft events, other users' rows).",
    406: "The Accept header excludes every media type this route answers.",
    409: "Conflict: duplicate, wrong resource type, or sold out.",
    412: "If-Match did not match the current ETag.",
    413: "The body is larger than allowed.",
    415: "Unsupported Content-Type.",
    422: "Validation error; `source.pointer` names the field.",
    429: "Too many requests.",
    503: "A service this needs (the mail server) is unavailable; nothing was done.",
}
READ_ERRORS = (400, 401, 403, 404, 406)
WRITE_ERRORS = (*READ_ERRORS, 409, 412, 413, 415, 422)


def _error_response(code, media_types):
    ref = "PlainError" if media_types == (JSON,) else "ErrorDocument"
    return {
        "description": ERROR_TEXT[code],
        "content": {media: {"schema": {"$ref": f"#/components/schemas/{ref}"}} for media in media_types},
    }


def _json_body(schema, media_types=(JSON, JSONAPI)):
    return {"content": {media: {"schema": schema} for media in media_types}}


def _obj(properties, required=()):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


# ----------------------------------------------------------------------------- authentication
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


# ----------------------------------------------------------------------------- fields
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


class TranslationsField(OpenApiSerializerFieldExtension):
    target_class = "forms.serializers.TranslationsField"

    def map_serializer_field(self, auto_schema, direction):
        item = _obj({"id": {"type": "integer"}, "name": STRING, "language_code": STRING, "form_id": STRING})
        return {"type": "array", "items": item}


# ----------------------------------------------------------------------------- plain-JSON views
class PlainOperation(AutoSchema):
    """A hand-written operation for a view without a serializer; `spec` comes from `PLAIN_VIEWS`."""

    spec = {}

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        self.path, self.method, self.registry = path, method, registry
        spec = self.spec.get(method.lower(), {})
        operation = {
            "operationId": spec.get("operation_id") or self._operation_id(path, method),
            "summary": spec.get("summary", ""),
            "tags": [spec.get("tag", "plain")],
            "parameters": [
                {"in": "path", "name": name, "required": True, "schema": STRING}
                for name in re.findall(r"{(\w+)}", path)
            ]
            + spec.get("query", []),
        }
        if spec.get("request") is not None:
            operation["requestBody"] = spec["request"]
        auth = [{"JWT": []}] if getattr(self.view, "authentication_classes", None) else []
        operation["security"] = auth if spec.get("login") else [*auth, {}]
        responses = {str(code): response for code, response in spec.get("responses", {}).items()}
        for code in spec.get("errors", ()):
            responses.setdefault(str(code), _error_response(code, spec.get("error_media", (JSON,))))
        operation["responses"] = responses
        return operation

    @staticmethod
    def _operation_id(path, method):
        words = re.sub(r"[{}]", "", path).strip("/").replace("-", "_").replace(".", "_").split("/")
        return "_".join([*words, method.lower()])


def _plain(request=None, response=None, status=200, errors=(400,), login=False, **extra):
    responses = {status: {"description": "", **(_json_body(response) if response is not None else {})}}
    responses.update(extra.pop("responses", {}))
    return {"request": request, "responses": responses, "errors": errors, "login": login, **extra}


TOKEN = _obj({"access_token": STRING, "refresh_token": STRING}, ["access_token"])
SUCCESS = _obj({"success": {"type": "boolean"}}, ["success"])
LOGIN_BODY = _json_body(
    _obj(
        {
            "email": STRING,
            "username": STRING,
            "password": STRING,
            "remember-me": {"type": "boolean"},
            "include-in-response": {"type": "boolean"},
        }
    ),
    (JSON, JSONAPI),
)
TASK_URL = _obj({"task_url": STRING}, ["task_url"])
MONEY = {"type": "number"}
AMOUNTS = _obj(
    {
        "sub_total": MONEY,
        "discount": MONEY,
        "total": MONEY,
        "tax": {"type": "number", "nullable": True},
        "tickets": {
            "type": "array",
            "items": _obj(
                {
                    "id": {"type": "integer"},
                    "name": STRING,
                    "price": MONEY,
                    "quantity": {"type": "integer"},
                    "sub_total": MONEY,
                    "discount": {"type": "object", "nullable": True},
                }
            ),
        },
    },
    ["sub_total", "discount", "total", "tickets"],
)
ORDER_BODY = _json_body(
    _obj(
        {
            "tickets": {
                "type": "array",
                "items": _obj({"id": {"type": "integer"}, "quantity": {"type": "integer"}, "price": MONEY}, ["id"]),
            },
            "discount-code": {"type": "integer"},
        },
        ["tickets"],
    )
)
MULTIPART_FILE = {
    "content": {
        "multipart/form-data": {
            "schema": _obj({"file": {"type": "string", "format": "binary"}}),
        }
    }
}
FORCE_LOCAL = [{"in": "query", "name": "force_local", "required": False, "schema": {"type": "boolean"}}]
HEALTH = _obj(
    {
        "hostname": STRING,
        "status": {"type": "string", "enum": ["success", "failure"]},
        "timestamp": {"type": "number"},
        "results": {"type": "array", "items": {"type": "object"}},
    },
    ["status", "results"],
)
THROTTLED = {429: _error_response(429, (JSON,))}

#: `app.ViewName` → {method: operation spec}. A view listed here gets its operation from the spec.
PLAIN_VIEWS = {
    "eventyay.LoginView": {
        "post": _plain(LOGIN_BODY, TOKEN, errors=(400, 401, 429), tag="auth", summary="Log in: an access token."),
    },
    "eventyay.RefreshView": {
        "post": _plain(None, TOKEN, errors=(401,), tag="auth", summary="A new access token from a refresh token."),
    },
    "eventyay.LogoutView": {
        "post": _plain(None, SUCCESS, errors=(), tag="auth", summary="Clear the refresh cookie."),
    },
    "eventyay.BlacklistView": {
        "post": _plain(None, SUCCESS, errors=(401,), login=True, tag="auth", summary="Revoke refresh tokens."),
    },
    "eventyay.VerifyPasswordView": {
        "post": _plain(
            _json_body(_obj({"password": STRING}, ["password"])),
            _obj({"result": {"type": "boolean"}}, ["result"]),
            errors=(400, 401),
            login=True,
            tag="auth",
        ),
    },
    "eventyay.CheckEmailView": {
        "post": _plain(
            _json_body(_obj({"email": STRING}, ["email"])),
            _obj({"exists": {"type": "boolean"}}, ["exists"]),
            errors=(400, 422, 429),
            tag="users",
        ),
    },
    "eventyay.UserIdView": {
        "get": _plain(None, _obj({"user_id": {"type": "integer"}}, ["user_id"]), errors=(401,), login=True),
    },
    "eventyay.TaskView": {
        "get": _plain(
            None,
            _obj({"state": STRING, "result": {}, "progress": {"type": "object"}}, ["state"]),
            errors=(401, 404),
            login=True,
            tag="tasks",
            summary="A job's state: progress while it runs, its result or error when done.",
        ),
    },
    "media.UploadFilesView": {
        "post": _plain(
            MULTIPART_FILE,
            _obj({"url": {"oneOf": [STRING, {"type": "array", "items": STRING}]}}, ["url"]),
            errors=(400, 401, 413, 415, 422),
            login=True,
            tag="upload",
            query=FORCE_LOCAL,
        ),
    },
    "media.UploadImageView": {
        "post": _plain(
            _json_body(_obj({"data": {"type": "string", "description": "data:image/<type>;base64,..."}}, ["data"])),
            _obj({"url": STRING}, ["url"]),
            errors=(400, 401, 413, 415, 422),
            login=True,
            tag="upload",
            query=FORCE_LOCAL,
        ),
    },
    "media.LocalFileView": {
        "get": {
            "responses": {200: {"description": "The file.", "content": {"application/octet-stream": {"schema": {}}}}},
            "errors": (404,),
            "tag": "upload",
        },
    },
    "payments.CalculateAmountView": {
        "post": _plain(ORDER_BODY, AMOUNTS, errors=(400, 415, 422), tag="orders"),
    },
    "payments.CreateOrderView": {
        "post": _plain(
            ORDER_BODY,
            AMOUNTS,
            status=201,
            errors=(400, 401, 404, 409, 415, 422),
            login=True,
            tag="orders",
        ),
    },
    "discounts.GenerateCodesView": {
        "post": _plain(
            _json_body(
                _obj(
                    {
                        "count": {"type": "integer", "minimum": 1},
                        "prefix": STRING,
                        "length": {"type": "integer"},
                        "value": MONEY,
                        "type": {"type": "string", "enum": ["amount", "percent"]},
                        "tickets": {"type": "array", "items": {"type": "integer"}},
                    },
                    ["count", "value", "type"],
                )
            ),
            _obj({"count": {"type": "integer"}, "codes": {"type": "array", "items": {"type": "object"}}}),
            status=201,
            errors=(400, 401, 403, 404, 415, 422),
            login=True,
            tag="discount-code",
        ),
    },
    "discounts.ExportCodesView": {
        "get": {
            "responses": {
                200: {"description": "CSV of the event's codes.", "content": {"text/csv": {"schema": STRING}}}
            },
            "errors": (401, 403, 404),
            "error_media": (JSONAPI,),
            "login": True,
            "tag": "discount-code",
        },
    },
    "events.TicketAvailabilityView": {
        "get": _plain(
            None,
            {
                "type": "array",
                "items": _obj(
                    {
                        "id": {"type": "integer"},
                        "name": STRING,
                        "quantity": {"type": "integer", "nullable": True},
                        "available": {"type": "integer", "nullable": True},
                    }
                ),
            },
            errors=(404,),
            tag="ticket",
        ),
    },
    "events.SessionStatesView": {
        "get": _plain(None, _obj({"organizer": {"type": "object"}, "speaker": {"type": "object"}}), errors=()),
    },
    "events.SessionMailsView": {
        "get": _plain(
            None,
            {"type": "object", "additionalProperties": _obj({"subject": STRING, "message": STRING})},
            errors=(),
            summary="Mail templates per session state; `{session_name}`, `{event_name}`, `{session_link}` "
            "are filled in when a mail is sent.",
        ),
    },
    "events.SessionNotifyView": {
        "post": _plain(
            _json_body(
                _obj(
                    {
                        "subject": {"type": "string", "maxLength": 250},
                        "message": {"type": "string", "maxLength": 5000},
                        "bcc": {"type": "array", "maxItems": 10, "items": {"type": "string", "format": "email"}},
                    }
                )
            ),
            SUCCESS,
            errors=(401, 403, 404, 422, 503),
            summary="Mail the session's state to its speakers and the event's owner (organizers only).",
        ),
    },
    "events.MicrolocationsGeoJSONView": {
        "get": {
            "responses": {
                200: {
                    "description": "Rooms with coordinates as a GeoJSON FeatureCollection.",
                    "content": {
                        media: {"schema": _obj({"type": STRING, "features": {"type": "array"}}, ["features"])}
                        for media in ("application/geo+json", JSON)
                    },
                }
            },
            "errors": (404,),
            "error_media": ("application/geo+json", JSON),
            "tag": "microlocation",
        },
    },
    "transfers.ImportView": {
        "post": _plain(
            {"content": {"multipart/form-data": {"schema": _obj({"file": {"type": "string", "format": "binary"}})}}},
            TASK_URL,
            errors=(400, 401, 404, 413, 415, 422),
            login=True,
            tag="import",
        ),
    },
    "transfers.ExportView": {
        "post": _plain(
            _json_body(
                _obj({kind: {"type": "boolean"} for kind in ("image", "video", "document", "audio")}),
                (JSON, JSONAPI),
            ),
            TASK_URL,
            errors=(400, 401, 403, 404, 415, 422),
            login=True,
            tag="export",
        ),
    },
    "transfers.ScheduleExportGetView": {
        "get": _plain(None, TASK_URL, errors=(401, 403, 404), login=True, tag="export"),
    },
    "transfers.ScheduleExportPostView": {
        "post": _plain(
            _json_body(_obj({"status": STRING}), (JSON, JSONAPI)),
            TASK_URL,
            errors=(400, 401, 403, 404, 415, 422),
            login=True,
            tag="export",
        ),
    },
    "transfers.PublicScheduleView": {
        "get": {
            "summary": "A published event's public programme as iCal, xCal or Pentabarf XML (ETag, cacheable).",
            "responses": {
                200: {
                    "description": "The schedule file.",
                    "content": {
                        media: {"schema": {"type": "string"}}
                        for media in ("text/calendar", "application/calendar+xml", "application/xml")
                    },
                },
                304: {"description": "Not modified (If-None-Match)."},
            },
            "errors": (404,),
            "tag": "export",
        },
    },
    "transfers.ExportDownloadView": {
        "get": {
            "responses": {200: {"description": "The export zip.", "content": {"application/zip": {"schema": {}}}}},
            "errors": (401, 403, 404),
            "login": True,
            "tag": "export",
        },
    },
}


def _plain_key(view_cls):
    """`app.ViewName`: the table's key, stable when a view moves between modules of its app."""
    return f"{view_cls.__module__.split('.')[0]}.{view_cls.__name__}"


class PlainViews(OpenApiViewExtension):
    """Gives each view named in `PLAIN_VIEWS` its hand-written operation."""

    target_class = "rest_framework.views.APIView"
    match_subclasses = True

    @classmethod
    def _matches(cls, target):
        return isinstance(target, type) and _plain_key(target) in PLAIN_VIEWS

    def view_replacement(self):
        spec = PLAIN_VIEWS[_plain_key(self.target)]
        schema = type(f"PlainOperationFor{self.target.__name__}", (PlainOperation,), {"spec": spec})
        return type(self.target.__name__, (self.target,), {"schema": schema()})


HEALTH_PATH = {
    "get": {
        "operationId": "health_check",
        "summary": "Database, migrations and job queue checks; no authentication.",
        "tags": ["health"],
        "security": [{}],
        "responses": {
            "200": {"description": "All checks pass.", "content": {JSON: {"schema": HEALTH}}},
            "503": {"description": "A check failed.", "content": {JSON: {"schema": HEALTH}}},
        },
    }
}


# ----------------------------------------------------------------------------- hooks
HIDDEN_PATHS = ("/v1/schema", "/v1/docs", "/v1/redoc")


def preprocess_endpoints(endpoints):
    """Leave out the documentation routes themselves (importing this module registered the extensions)."""
    return [endpoint for endpoint in endpoints if endpoint[0] not in HIDDEN_PATHS]


PAGE_PARAMETERS = [
    {
        "in": "query",
        "name": "page[size]",
        "required": False,
        "schema": {"type": "integer", "minimum": 0},
        "description": "Items per page (default 20, 0 = all, capped by MAX_PAGE_SIZE).",
    },
    {
        "in": "query",
        "name": "page[number]",
        "required": False,
        "schema": {"type": "integer", "minimum": 1},
        "description": "1-based page number.",
    },
]
TRASH_PARAMETER = {
    "in": "query",
    "name": "get_trashed",
    "required": False,
    "schema": {"type": "boolean"},
    "description": "Include soft-deleted rows (co-organizers of the event and admins).",
}
PERMANENT_PARAMETER = {
    "in": "query",
    "name": "permanent",
    "required": False,
    "schema": {"type": "boolean"},
    "description": "Delete for good instead of soft-deleting (organizers and admins).",
}


def _is_resource_object(schema):
    props = schema.get("properties", {})
    return schema.get("type") == "object" and "type" in props and ("attributes" in props or "relationships" in props)


def _identifier(item):
    item = copy.deepcopy(item)
    item.setdefault("properties", {})["id"] = ID
    return item


def _fix_relationship(rel, response):
    """A relationship object as `eventyay.api.relations` writes it: `links` always, `data` when included."""
    rel = copy.deepcopy(rel)
    data = rel.get("properties", {}).get("data", {})
    if data.get("type") == "array":
        data["items"] = _identifier(data.get("items", {}))
    else:
        data = _identifier(data)
        data["nullable"] = True
    rel["properties"]["data"] = data
    if response:
        rel.pop("required", None)
        rel["properties"]["links"] = LINKS
        rel["properties"]["meta"] = {"type": "object"}
    rel.pop("readOnly", None)
    return rel


def _fix_resource_component(name, schema):
    response = not name.endswith("Request")
    props = schema["properties"]
    if response:
        schema.pop("additionalProperties", None)
        props["links"] = LINKS
        props["meta"] = {"type": "object"}
        props["id"] = ID
        # Sparse fieldsets (`fields[type]`) may leave any attribute out.
        props.get("attributes", {}).pop("required", None)
        props.get("relationships", {}).pop("required", None)
    elif "id" in props:
        props["id"] = ID
    for rel_name, rel in list(props.get("relationships", {}).get("properties", {}).items()):
        props["relationships"]["properties"][rel_name] = _fix_relationship(rel, response)


def _fix_document_components(schemas):
    for name, schema in schemas.items():
        if _is_resource_object(schema):
            _fix_resource_component(name, schema)
        props = schema.get("properties", {})
        if "data" in props and not name.endswith("Request"):
            props.setdefault("jsonapi", {"type": "object"})
            props.setdefault("links", LINKS)
            props.setdefault("meta", {"type": "object"})
            props.setdefault("included", {"type": "array", "items": {"$ref": "#/components/schemas/ResourceObject"}})


def _view_for(generator, path, method):
    for endpoint_path, _, endpoint_method, callback in generator.endpoints or ():
        if endpoint_path.replace("{pk}", "{id}") == path and endpoint_method.lower() == method:
            return getattr(callback, "cls", None), getattr(callback, "actions", {}) or {}
    return None, {}


def _relationship_names(view_cls, action):
    """Relationship names a relationship route answers for this resource (writes: only writable ones)."""
    from eventyay.api.relations import IncludedOnlyManyField, Relation

    serializer_class = getattr(view_cls, "serializer_class", None)
    if serializer_class is None:
        return []
    serializer = serializer_class()
    included = getattr(serializer, "included_serializers", {}) or {}
    names = []
    for name, field in serializer.fields.items():
        if not isinstance(field, Relation | IncludedOnlyManyField):
            continue
        if action == "related_one" and (isinstance(field, IncludedOnlyManyField) or name not in included):
            continue
        if action in RELATIONSHIP_WRITE_DESCRIPTIONS and field.read_only:
            continue
        if action in ("add_to_relationship", "remove_from_relationship") and not isinstance(
            field, IncludedOnlyManyField
        ):
            continue
        names.append(name.replace("_", "-"))
    return sorted(names)


LINKAGE_DATA = {
    "oneOf": [
        {"$ref": "#/components/schemas/ResourceIdentifier"},
        {"type": "array", "items": {"$ref": "#/components/schemas/ResourceIdentifier"}},
    ],
    "nullable": True,
}
RELATIONSHIP_WRITE_DESCRIPTIONS = {
    "update_relationship": "Replace the linkage of one relationship (null, one identifier, or the full list).",
    "add_to_relationship": "Add members to a to-many relationship.",
    "remove_from_relationship": "Remove members from a to-many relationship.",
}


def _fix_relationship_route(operation, view_cls, action):
    names = _relationship_names(view_cls, action)
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "rel" and names:
            parameter["schema"] = {"type": "string", "enum": names}
    operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("in") == "path"]
    if action in ("relationship", *RELATIONSHIP_WRITE_DESCRIPTIONS):
        schema = {
            "type": "object",
            "required": ["data"],
            "properties": {"data": LINKAGE_DATA, "links": LINKS, "jsonapi": {"type": "object"}},
        }
        description = RELATIONSHIP_WRITE_DESCRIPTIONS.get(action, "The resource linkage of one relationship.")
        if action != "relationship":
            body = {"type": "object", "required": ["data"], "properties": {"data": LINKAGE_DATA}}
            operation["requestBody"] = {"required": True, "content": {JSONAPI: {"schema": body}}}
            description += " The answer is the new linkage."
    else:
        schema = {
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {"$ref": "#/components/schemas/ResourceObject"},
                "links": LINKS,
                "jsonapi": {"type": "object"},
                "included": {"type": "array", "items": {"$ref": "#/components/schemas/ResourceObject"}},
            },
        }
        description = "The related resource of a to-one relationship."
    operation["responses"] = {"200": {"description": description, "content": {JSONAPI: {"schema": schema}}}}
    operation["description"] = description
    operation_id = operation["operationId"]
    if "_relationships_" in operation_id:
        base = operation_id.split("_relationships_")[0] + "_relationships"
    else:
        base = operation_id.rsplit("_", 1)[0]
    operation["operationId"] = f"{base}_{action}"


def _resource_media(operation):
    for response in operation.get("responses", {}).values():
        content = response.get("content")
        if content:
            return tuple(content)
    return (JSONAPI,)


def _fix_operation(path, method, operation, generator):
    view_cls, actions = _view_for(generator, path, method)
    action = actions.get(method)
    plain = view_cls is not None and _plain_key(view_cls) in PLAIN_VIEWS
    if action in ("relationship", "related_one", *RELATIONSHIP_WRITE_DESCRIPTIONS):
        _fix_relationship_route(operation, view_cls, action)
    responses = operation.setdefault("responses", {})
    if action == "destroy":
        responses.pop("204", None)
        responses["200"] = {"description": "Deleted.", "content": {JSONAPI: {"schema": DELETED}}}
        operation.setdefault("parameters", []).append(PERMANENT_PARAMETER)
    if action == "list":
        operation.setdefault("parameters", []).extend(PAGE_PARAMETERS + [TRASH_PARAMETER])
    if action == "retrieve":
        operation.setdefault("parameters", []).append(TRASH_PARAMETER)
    if plain or view_cls is None or action is None:
        return
    media = _resource_media(operation)
    codes = WRITE_ERRORS if method in ("post", "patch", "put", "delete") else READ_ERRORS
    for code in codes:
        responses.setdefault(str(code), _error_response(code, media))
    if action in ("partial_update", "retrieve", "list"):
        responses.setdefault("304", {"description": "Not modified (If-None-Match matched the ETag)."})


def _always_refused(view_cls, action):
    """An action routed only to answer 405 (`raise exceptions.MethodNotAllowed(...)`) is not an operation."""
    method = getattr(view_cls, action or "", None)
    if method is None:
        return False
    try:
        lines = [line.strip() for line in inspect.getsource(method).splitlines()]
    except (OSError, TypeError):
        return False
    body = [line for line in lines[1:] if line and not line.startswith(("#", '"""', "@"))]
    return len(body) == 1 and "MethodNotAllowed" in body[0]


def postprocess_schema(result, generator, request, public):
    """Correct the inferred schema to the wire format `eventyay.api` produces (see the module docstring)."""
    for path, operations in result.get("paths", {}).items():
        for method in list(operations):
            view_cls, actions = _view_for(generator, path, method)
            if view_cls is not None and _always_refused(view_cls, actions.get(method)):
                del operations[method]
    result["paths"] = {path: operations for path, operations in result["paths"].items() if operations}
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    _fix_document_components(schemas)
    schemas["Error"] = ERROR_OBJECT
    schemas["ErrorDocument"] = ERROR_DOCUMENT
    schemas["PlainError"] = PLAIN_ERROR_DOCUMENT
    schemas["ResourceObject"] = RESOURCE_OBJECT
    schemas["ResourceIdentifier"] = IDENTIFIER
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _fix_operation(path, method, operation, generator)
    result["paths"]["/health-check"] = HEALTH_PATH
    _deduplicate_operation_ids(result["paths"])
    return result


def _deduplicate_operation_ids(paths):
    """Two routes to one action (`/events/{id}/custom-forms/{form_id}`): name the longer by its last parameter."""
    seen = {}
    for path, operations in sorted(paths.items(), key=lambda item: len(item[0])):
        for operation in operations.values():
            operation_id = operation.get("operationId")
            if operation_id in seen:
                last = (re.findall(r"{(\w+)}", path) or ["alt"])[-1]
                operation["operationId"] = f"{operation_id}_by_{last}"
            seen[operation["operationId"]] = path
