"""Schema-based fuzzing: every operation of /v1/schema against a live server, as an organizer and as an admin.

Checks: no 5xx, responses match their documented schema, status codes and content types are documented.
Valid (positive) and schema-violating (negative) requests. `FUZZ_EXAMPLES` (default 4) bounds the examples per
operation, mode and identity; `make fuzz` runs 200.
"""

import logging
import os
import re

import pytest
import requests
import schemathesis
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eventyay.users.tokens import access_token_for
from tests.factories.contract import build_world

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]
logger = logging.getLogger(__name__)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Mutating operations run after the reads, deletions last, so reads see the seeded objects.
METHOD_ORDER = {"get": 0, "post": 1, "patch": 2, "delete": 3}


def known_ids(path, name, world):
    """Real values for a path parameter, so the fuzzer reaches past the 404s (plus random strings)."""
    if name in ("event_id", "event_ref"):
        return [str(world.event.pk), world.event.identifier, str(world.draft.pk), str(world.other.pk)]
    if name == "user_id":
        return [str(u.pk) for u in world.users.values() if u is not None][:4]
    if name == "task_id":
        return [str(world.parts["export-jobs"].task_id)]
    if name == "source_type":
        return ["json"]
    collection = None
    if name == "id":
        collection = path.split("/")[2]
    elif name.endswith("_id"):
        collection = name[: -len("_id")].replace("_", "-") + "s"
    if collection is None:
        return []
    try:
        model = resolve(f"/v1/{collection}/1").func.cls.queryset.model
    except Exception:
        return []
    return [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:6]]


def seed_parameters(raw, world):
    """Offer known ids as well as arbitrary strings for every path parameter of the served schema."""
    for path, operations in raw["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "path" or "enum" in parameter.get("schema", {}):
                    continue
                values = known_ids(path, parameter["name"], world)
                if values:
                    parameter["schema"] = {"anyOf": [{"type": "string", "enum": values}, {"type": "string"}]}
    return raw


def ordered(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (METHOD_ORDER.get(op.method.lower(), 9), op.path))


def fuzz_operation(operation, mode, base_url, headers_for, counter):
    failures = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        counter["examples"] += 1
        response = case.call(base_url=base_url, headers=headers_for(), timeout=30)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to negate (no parameters, or only enums a negative case cannot leave)
    except (Exception, BaseExceptionGroup) as exc:
        # Hypothesis stops an operation at its first failure; the report names it and how to reproduce it.
        failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {str(exc)[:1500]}")
    return failures


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.mark.parametrize("identity", ["organizer", "admin"])
def test_every_operation_conforms_to_the_schema(identity, world, live_server):
    raw = requests.get(f"{live_server.url}/v1/schema?format=json", timeout=60).json()
    schema = schemathesis.openapi.from_dict(seed_parameters(raw, world))
    user = world.users[identity]

    def headers_for():
        # A token of the user's current version: a fuzzed logout (which ends earlier tokens) must not turn
        # every later case into a 401.
        user.refresh_from_db(fields=["token_version"])
        return {"Authorization": f"JWT {access_token_for(user)}"}

    counter = {"examples": 0}
    failures, operations = [], ordered(schema)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for operation in operations:
            failures += fuzz_operation(operation, mode, live_server.url, headers_for, counter)
    print(f"\nfuzz as {identity}: {len(operations)} operations, {counter['examples']} examples")
    assert not failures, "\n".join(re.sub(r"\s+", " ", f) for f in failures[:60])
