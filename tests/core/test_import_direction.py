"""The layering cannot rot: apps import only apps below them, and models import no request-handling code.

    eventyay/ (core)  ←  events/  ←  discounts/ payments/ forms/ media/ invites/ content/  ←  transfers/

Every import statement counts, also one inside a function. Tests, migrations and `bench/` are outside the rule.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Package → layer; an app may import its own layer's modules only from itself, and any lower layer.
LAYERS = {
    "eventyay": 0,
    "events": 1,
    "discounts": 2,
    "payments": 2,
    "forms": 2,
    "media": 2,
    "invites": 2,
    "content": 2,
    "engagement": 2,
    "stats": 2,
    "not_run": 2,
    "transfers": 3,
}
#: Same-layer imports the design allows: orders (payments) apply discount codes (discounts).
ALLOWED_SIDEWAYS = {("payments", "discounts"), ("discounts", "payments")}
#: Modules that handle requests; a model module must not import one.
REQUEST_LAYER = ("views", "serializers", "urls", "admin", "pages")


def imported_modules(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def is_model_module(module):
    parts = module.split(".")
    return "models" in parts[1:] or parts[-1] == "models"


def violations(module, source):
    """What is wrong with `module` (dotted name) importing what `source` imports."""
    found = set()
    app = module.split(".")[0]
    for target in imported_modules(source):
        target_app = target.split(".")[0]
        if target_app not in LAYERS or target_app == app:
            pass
        elif LAYERS[target_app] > LAYERS[app]:
            found.add(f"{module} imports {target}: {target_app} is above {app}")
        elif LAYERS[target_app] == LAYERS[app] and (app, target_app) not in ALLOWED_SIDEWAYS:
            found.add(f"{module} imports {target}: {target_app} is beside {app}")
        if is_model_module(module) and target_app in LAYERS and any(p in REQUEST_LAYER for p in target.split(".")[1:]):
            found.add(f"{module} imports {target}: a model imports request-handling code")
    return found


def project_modules():
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield module, path.read_text()


def test_the_project_keeps_its_layers():
    problems = sorted(problem for module, source in project_modules() for problem in violations(module, source))
    assert problems == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("events.models.event", "from events.views.event import EventViewSet", "a model imports request-handling code"),
        ("forms.models", "def f():\n    from forms import serializers", "a model imports request-handling code"),
        ("events.services", "import transfers.importer", "transfers is above events"),
        ("eventyay.api.viewsets", "from events.models import Event", "events is above eventyay"),
        ("forms.services", "from media.storage import get_storage", "media is beside forms"),
    ],
)
def test_the_rule_catches_a_wrong_import(module, source, expected):
    assert any(expected in problem for problem in violations(module, source))


def test_imports_down_the_layers_are_fine():
    assert violations("transfers.importer", "from events.models import Event\nfrom forms import services") == set()
    assert violations("events.views.event", "from eventyay.api.viewsets import ResourceViewSet") == set()
