"""The hooks wired in `SPECTACULAR_SETTINGS`: they correct the inferred schema to the wire format.

- `preprocess_endpoints` drops the documentation routes themselves.
- `postprocess_schema` applies the conventions of `eventyay.api` once, to every operation: resource objects
  carry `links`, relationships carry `links` and `data` only when included, DELETE answers 200 with a message,
  every operation lists its JSON:API error responses, relationship routes enumerate their relationship names,
  and `page[...]` parameters are documented on lists. Plain-JSON views (`@plain_schema`) are left as written;
  actions that only refuse (`refuse(...)` in `eventyay.api.viewsets`) are left out.
"""

import copy
import re

from eventyay.api.schema.components import (
    BOOLEAN,
    DELETED,
    ID,
    JSON,
    JSONAPI,
    LINKS,
    READ_ERRORS,
    SHARED_COMPONENTS,
    STRING,
    WRITE_ERRORS,
    error_response,
    obj,
    query_parameter,
)
from eventyay.api.schema.plain import is_plain

HEALTH = obj(
    {
        "hostname": STRING,
        "status": {"type": "string", "enum": ["success", "failure"]},
        "timestamp": {"type": "number"},
        "results": {"type": "array", "items": {"type": "object"}},
    },
    ["status", "results"],
)


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
    """Leave out the documentation routes themselves."""
    return [endpoint for endpoint in endpoints if endpoint[0] not in HIDDEN_PATHS]


PAGE_PARAMETERS = [
    query_parameter(
        "page[size]",
        {"type": "integer", "minimum": 0},
        "Items per page (default 20, 0 = all, capped by MAX_PAGE_SIZE).",
    ),
    query_parameter("page[number]", {"type": "integer", "minimum": 1}, "1-based page number."),
]
TRASH_PARAMETER = query_parameter(
    "get_trashed", BOOLEAN, "Include soft-deleted rows (co-organizers of the event and admins)."
)
PERMANENT_PARAMETER = query_parameter(
    "permanent", BOOLEAN, "Delete for good instead of soft-deleting (organizers and admins)."
)


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
    plain = view_cls is not None and is_plain(view_cls)
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
    if plain or view_cls is None:
        return
    # JSON:API views, viewsets or single-resource APIViews alike (`/v1/settings`), answer the shared errors.
    media = _resource_media(operation)
    codes = WRITE_ERRORS if method in ("post", "patch", "put", "delete") else READ_ERRORS
    for code in codes:
        responses.setdefault(str(code), error_response(code, media))
    if action in ("partial_update", "retrieve", "list"):
        responses.setdefault("304", {"description": "Not modified (If-None-Match matched the ETag)."})


def _always_refused(view_cls, action):
    """An action routed only to answer 405 (`refuse(...)`) is not an operation."""
    return bool(getattr(getattr(view_cls, action or "", None), "refused", False))


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
    schemas.update(SHARED_COMPONENTS)
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
