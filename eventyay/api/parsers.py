"""Request parsing: JSON:API documents in, with the checks Open Event clients rely on."""

from rest_framework.exceptions import ParseError
from rest_framework_json_api import parsers

from eventyay.api.limits import check_numbers

#: Where the parser leaves the id a PATCH/PUT body sent, in the request's own parser context (read it with `sent_id`).
SENT_ID = "sent_id"

#: Viewset actions whose body is resource linkage (`/relationships/<name>` writes), not a resource object.
RELATIONSHIP_WRITES = frozenset({"update_relationship", "add_to_relationship", "remove_from_relationship"})


def resource_identifiers(result):
    """The `data` of a relationship document: null, one `{"type","id"}` or a list of them."""
    if not isinstance(result, dict) or "data" not in result:
        raise ParseError("The body must be a JSON:API document with a 'data' member.")
    data = result["data"]
    items = data if isinstance(data, list) else [] if data is None else [data]
    for item in items:
        if not isinstance(item, dict) or not item.get("type") or item.get("id") in (None, ""):
            raise ParseError('\'data\' must be null, a resource identifier {"type", "id"} or a list of them.')
    return data


def sent_id(request):
    """The `data.id` a PATCH/PUT body sent (parsing the body if not yet done), or None."""
    _ = request.data
    return request.parser_context.get(SENT_ID)


class JSONAPIParser(parsers.JSONParser):
    """DJA's parser, but a PATCH id mismatch is checked by the view (400, against the real object)."""

    def parse_data(self, result, parser_context):
        check_numbers(result)
        view = (parser_context or {}).get("view")
        if getattr(view, "action", None) in RELATIONSHIP_WRITES:
            return resource_identifiers(result)
        if isinstance(result, dict) and isinstance(result.get("data"), dict):
            data = result["data"]
            request = (parser_context or {}).get("request")
            if request is not None and request.method in ("PATCH", "PUT"):
                if not data.get("id"):
                    raise ParseError("The resource object must contain an 'id' member equal to the URL's id.")
                parser_context[SENT_ID] = str(data["id"])
                view = parser_context.get("view")
                if view is not None:
                    kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
                    # Let DJA's own comparison pass: the view compares against the resolved object.
                    if kwarg and kwarg in view.kwargs:
                        data = dict(data, id=view.kwargs[kwarg])
                        result = dict(result, data=data)
            attributes = data.get("attributes")
            if attributes is not None and not isinstance(attributes, dict):
                raise ParseError("'attributes' must be an object.")
            relationships = data.get("relationships")
            if relationships is not None and not isinstance(relationships, dict):
                raise ParseError("'relationships' must be an object.")
            for name, value in (relationships or {}).items():
                if not isinstance(value, dict) or "data" not in value:
                    raise ParseError(f"Relationship '{name}' must be an object with a 'data' member.")
        parsed = super().parse_data(result, parser_context)
        # DJA puts the resource type under "type"; keep only a `type` *attribute* (tickets, sponsors, forms).
        data = result.get("data") if isinstance(result, dict) else None
        if isinstance(parsed, dict) and isinstance(data, dict) and "type" not in (data.get("attributes") or {}):
            parsed.pop("type", None)
        return parsed
