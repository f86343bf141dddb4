"""Schema pieces every operation shares: the JSON:API document parts, error documents and their texts."""

JSONAPI = "application/vnd.api+json"
JSON = "application/json"

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
MONEY = {"type": "number"}
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
#: Added to `components.schemas` by the postprocessing hook.
SHARED_COMPONENTS = {
    "Error": ERROR_OBJECT,
    "ErrorDocument": ERROR_DOCUMENT,
    "PlainError": PLAIN_ERROR_DOCUMENT,
    "ResourceObject": RESOURCE_OBJECT,
    "ResourceIdentifier": IDENTIFIER,
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
    502: "A payment provider could not be reached or answered nonsense; nothing was saved.",
    503: "A service this needs (the mail server) is unavailable; nothing was done.",
    504: "A payment provider did not answer in time; nothing was saved.",
}
READ_ERRORS = (400, 401, 403, 404, 406)
WRITE_ERRORS = (*READ_ERRORS, 409, 412, 413, 415, 422)


def error_response(code, media_types):
    ref = "PlainError" if media_types == (JSON,) else "ErrorDocument"
    return {
        "description": ERROR_TEXT[code],
        "content": {media: {"schema": {"$ref": f"#/components/schemas/{ref}"}} for media in media_types},
    }


def json_body(schema, media_types=(JSON, JSONAPI)):
    """A request or response body of `schema` under both JSON media types."""
    return {"content": {media: {"schema": schema} for media in media_types}}


def query_parameter(name, schema, description=None):
    """An optional query parameter."""
    parameter = {"in": "query", "name": name, "required": False, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def obj(properties, required=()):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


MULTIPART_FILE = {"content": {"multipart/form-data": {"schema": obj({"file": {"type": "string", "format": "binary"}})}}}
TASK_URL = obj({"task_url": STRING}, ["task_url"])
SUCCESS = obj({"success": BOOLEAN}, ["success"])
