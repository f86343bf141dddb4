"""The OpenAPI operation of a plain-JSON view, written next to the view (it has no serializer to infer from).

    @plain_schema(post=operation(json_body(obj({"email": STRING})), obj({"exists": BOOLEAN}), errors=(400,)))
    class CheckEmailView(PlainJSONView): ...

`operation(...)` builds one method's spec; `plain_schema(...)` puts a `PlainOperation` on the view, which
drf-spectacular asks for that view's operations and the postprocessing hook recognises as hand-written.
"""

import re

from drf_spectacular.openapi import AutoSchema

from eventyay.api.schema.components import JSON, JSONAPI, STRING, error_response, json_body

BODY_METHODS = ("POST", "PUT", "PATCH")


class PlainOperation(AutoSchema):
    """A hand-written operation for a view without a serializer; `spec` maps a method to its spec."""

    spec = {}

    def __init__(self, spec=None):
        super().__init__()
        if spec is not None:
            self.spec = spec

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
        for code in self._error_codes(spec, method):
            responses.setdefault(str(code), error_response(code, spec.get("error_media", self._error_media())))
        operation["responses"] = responses
        return operation

    @staticmethod
    def _error_codes(spec, method):
        """A body sent to any method that reads one may be refused with 422 by the parser's own limits
        (`eventyay.api.limits.check_numbers`), whatever the view behind it says it answers."""
        codes = tuple(spec.get("errors", ()))
        return (*codes, 422) if method.upper() in BODY_METHODS and 422 not in codes else codes

    def _error_media(self):
        """Errors come in the media type the view renders: JSON:API documents from a JSON:API renderer."""
        from rest_framework_json_api.renderers import JSONRenderer as JSONAPIRenderer

        renders_json_api = any(issubclass(r, JSONAPIRenderer) for r in getattr(self.view, "renderer_classes", ()))
        return (JSONAPI,) if renders_json_api else (JSON,)

    @staticmethod
    def _operation_id(path, method):
        words = re.sub(r"[{}]", "", path).strip("/").replace("-", "_").replace(".", "_").split("/")
        return "_".join([*words, method.lower()])


def operation(request=None, response=None, status=200, errors=(400,), login=False, **extra):
    """One method's spec: `request`/`response` bodies, the `status` of success, the error codes it answers,
    whether it needs a login; `tag`, `summary`, `query` (parameters), `responses`, `error_media` as extras."""
    responses = {status: {"description": "", **(json_body(response) if response is not None else {})}}
    responses.update(extra.pop("responses", {}))
    return {"request": request, "responses": responses, "errors": errors, "login": login, **extra}


def file_operation(media_types, description, schema=STRING, errors=(404,), login=False, **extra):
    """One method's spec for a route that answers a file: a 200 of `schema` under each of `media_types`;
    `errors`, `login` and the extras as for `operation` (further `responses`, e.g. a 304, are added)."""
    responses = {200: {"description": description, "content": {media: {"schema": schema} for media in media_types}}}
    responses.update(extra.pop("responses", {}))
    return {"responses": responses, "errors": errors, "login": login, **extra}


def plain_schema(**methods):
    """Class decorator: the view's operations by method (`get=operation(...)`, `post=...`)."""

    def decorate(view_class):
        view_class.schema = PlainOperation(methods)
        return view_class

    return decorate


def is_plain(view_class):
    return isinstance(getattr(view_class, "schema", None), PlainOperation)
