"""Below the views, the courses plugin speaks no HTTP (README, "Courses plugin" → "Layers");
the order of the layers is an import-linter contract (pyproject.toml, `make lint`)."""

import ast
from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[2] / "courses"

# The layers below the views (their order is an import-linter contract in pyproject.toml).
BELOW_VIEWS = {
    "models", "querysets", "cache", "progress", "signals", "blocks", "access", "selectors",
    "xapi", "services", "forms",
}  # fmt: skip
HTTP = ("django.http", "django.shortcuts", "django.contrib.messages", "django.template.response")


def _modules():
    for path in sorted(COURSES.rglob("*.py")):
        relative = path.relative_to(COURSES)
        if relative.parts[0] in ("migrations", "management"):
            continue
        yield pytest.param(relative, ast.parse(path.read_text()), id=str(relative))


@pytest.mark.parametrize(("relative", "tree"), list(_modules()))
def test_only_views_speak_http(relative, tree):
    """Below the views, refusals are decisions: no responses, redirects or messages."""
    if relative.parts[0].removesuffix(".py") not in BELOW_VIEWS:
        return
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            assert not name.startswith(HTTP), f"courses/{relative}:{node.lineno} imports {name}"


def test_querysets_import_nothing_inside_functions():
    """The models import the querysets (never the reverse: an import-linter contract); the
    function-local imports that dodged that cycle are gone (the querysets find other models
    in the app registry)."""
    tree = ast.parse((COURSES / "querysets.py").read_text())
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            assert not any(isinstance(n, ast.Import | ast.ImportFrom) for n in ast.walk(function))
