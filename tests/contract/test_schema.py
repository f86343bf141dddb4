"""The OpenAPI description validates, without warnings, and says what the wire says."""

import pytest
from django.core.management import call_command

from tests.contract.render_permissions import DOC, render

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_plain_json_endpoints_are_described(schema):
    paths = schema["paths"]
    for path in ("/v1/auth/login", "/v1/upload/image", "/v1/tasks/{task_id}", "/v1/orders/calculate-amount"):
        operation = next(iter(paths[path].values()))
        ok = next(code for code in operation["responses"] if code.startswith("2"))
        assert "application/json" in operation["responses"][ok]["content"], path
    assert set(paths["/health-check"]["get"]["responses"]) == {"200", "503"}


def test_resources_use_real_attribute_names_and_errors(schema):
    track = schema["components"]["schemas"]["Track"]
    assert {"name", "color", "font-color"} <= set(track["properties"]["attributes"]["properties"])
    assert "links" in track["properties"]
    operation = schema["paths"]["/v1/tracks/{id}"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(operation["responses"])
    assert operation["responses"]["422"]["content"]["application/vnd.api+json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorDocument"
    }
    delete = schema["paths"]["/v1/tracks/{id}"]["delete"]
    assert "200" in delete["responses"] and "204" not in delete["responses"]


def test_relationship_routes_enumerate_their_names(schema):
    parameters = schema["paths"]["/v1/tracks/{id}/relationships/{rel}"]["get"]["parameters"]
    rel = next(p for p in parameters if p["name"] == "rel")
    assert rel["schema"]["enum"] == ["event", "sessions"]


def test_jwt_is_the_security_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["JWT"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}


def test_permissions_doc_is_current():
    assert DOC.read_text() == render(), "run `python -m tests.contract.render_permissions`"


def test_every_operation_reading_a_body_documents_the_parsers_422(schema, client, db):
    """The parser refuses numbers no column can hold before any view runs, so every POST/PATCH/PUT may
    answer 422 whatever its view declares (the fuzzer found it undocumented on /v1/auth/fresh-login)."""
    response = client.post("/v1/auth/login", {"email": "a@b.c", "password": "x", "n": 2**70}, "application/json")
    assert response.status_code == 422
    undocumented = [
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in ("post", "patch", "put") and "422" not in operation["responses"]
    ]
    assert not undocumented
