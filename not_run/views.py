"""Empty JSON:API collections for features eventyay does not run, so that the web client's pages that ask for
them draw (listed in docs/compatibility.md). Nothing is stored; there is nothing to write (405)."""

from rest_framework.response import Response

from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import PlainOperation

#: collection → the JSON:API type its members would have.
COLLECTIONS = {
    "groups": "group",
    "user-follow-groups": "user-follow-group",
    "video-streams": "video-stream",
    "video-channels": "video-channel",
    "translation-channels": "translation-channel",
}


def described(collection, type_):
    schema = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "maxItems": 0, "items": {"type": "object"}},
            "meta": {"type": "object", "properties": {"count": {"type": "integer", "enum": [0]}}},
        },
    }
    spec = {
        "get": {
            "summary": f"Always empty: eventyay does not run {type_.replace('-', ' ')}s.",
            "tag": "not-run",
            "responses": {200: {"description": "", "content": {"application/vnd.api+json": {"schema": schema}}}},
            "errors": (),
        }
    }
    return type("Described", (PlainOperation,), {"spec": spec})()


def empty_collection(collection):
    class EmptyCollectionView(PlainJSONView):
        schema = described(collection, COLLECTIONS[collection])

        def get(self, request):
            return Response(
                {
                    "data": [],
                    "links": {"self": f"/v1/{collection}"},
                    "meta": {"count": 0},
                    "jsonapi": {"version": "1.0"},
                },
                content_type="application/vnd.api+json",
            )

    name = "".join(part.title() for part in collection.split("-"))
    EmptyCollectionView.__name__ = EmptyCollectionView.__qualname__ = f"Empty{name}View"
    return EmptyCollectionView
