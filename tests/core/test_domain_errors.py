"""Domain errors raised by a service become JSON:API errors in one place, with the right status."""

import ast
from pathlib import Path

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from eventyay import errors


def _view_raising(exc, renderers=None):
    class Raising(APIView):
        if renderers:
            renderer_classes = renderers
        permission_classes = ()
        authentication_classes = ()

        def get(self, request):
            raise exc

    return Raising.as_view()


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (errors.DomainError("Ends before it starts.", field="ends-at"), 422),
        (errors.DomainError("Not allowed now."), 422),
        (errors.NotFound("No such ticket."), 404),
        (errors.Conflict("Sold out."), 409),
        (errors.Forbidden("Only organizers may do this."), 403),
        (errors.TooLarge("The file is larger than allowed."), 413),
        (errors.Malformed("Send a file under 'file'."), 400),
        (errors.UnsupportedType("The content is a PDF; allowed here: png."), 415),
    ],
)
def test_domain_errors_map_to_their_status_with_the_message(exc, status):
    response = _view_raising(exc)(APIRequestFactory().get("/v1/anything"))
    response.render()
    assert response.status_code == status
    body = response.data if isinstance(response.data, list) else response.data.get("errors", response.data)
    text = str(body)
    assert exc.message in text


def test_a_field_error_points_at_the_field_on_plain_json_views():
    response = _view_raising(errors.DomainError("Ends before it starts.", field="ends-at"), [JSONRenderer])(
        APIRequestFactory().get("/v1/anything")
    )
    response.render()
    assert response.status_code == 422
    assert '"pointer":"/ends-at"' in response.content.decode()


ROOT = Path(__file__).resolve().parents[2]
#: Modules that speak HTTP (`rest_framework`, `django.http`) a domain layer must not import.
HTTP_MODULES = ("rest_framework", "rest_framework_json_api", "django.http")


def _domain_modules():
    for pattern in ("*/domain/**/*.py", "*/services/**/*.py", "*/services.py", "eventyay/*/services.py"):
        for path in ROOT.glob(pattern):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith((".venv/", "tests/")):
                yield relative, path


def _http_imports(source):
    for node in ast.walk(ast.parse(source)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        yield from (n for n in names if n.startswith(HTTP_MODULES))


def test_domain_layers_speak_no_http():
    found = {rel: sorted(set(_http_imports(path.read_text()))) for rel, path in _domain_modules()}
    assert len(found) > 10  # the glob found the domain layers
    assert {rel: names for rel, names in found.items() if names} == {}


def test_the_http_rule_catches_an_import():
    assert list(_http_imports("from rest_framework.exceptions import ValidationError")) == ["rest_framework.exceptions"]
    assert list(_http_imports("def f():\n    from django.http import Http404")) == ["django.http"]
