"""The courses plugin's layers import downwards only (README, "Courses plugin" → "Layers")."""

import ast
from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[2] / "courses"

# Layer of each module or package, lowest first; a module may import its own layer and the
# layers before it, never a later one.
LAYERS = [
    {"models", "querysets", "cache", "progress", "signals", "blocks"},
    {"access"},
    {"selectors"},
    {"xapi"},
    {"services"},
    {"forms", "exports"},
    {"views", "viewsets", "urls", "admin_urls", "wagtail_hooks"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# Wagtail serves pages through their models: their serve/get_context hand over to the view
# layer, imported inside those methods (documented in courses/models/pages.py).
ALLOWED_UPWARD = {("models/pages.py", "views")}
HTTP = ("django.http", "django.shortcuts", "django.contrib.messages", "django.template.response")


def _modules():
    for path in sorted(COURSES.rglob("*.py")):
        relative = path.relative_to(COURSES)
        if relative.parts[0] in ("migrations", "management"):
            continue
        yield relative, ast.parse(path.read_text())


def _courses_imports(relative, tree):
    """(top-level courses module imported, line) for every import in the file."""
    package = list(relative.parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                parts = base + (node.module.split(".") if node.module else [])
                if not parts:  # `from . import x` at the top of the package
                    parts = [alias.name for alias in node.names]
                yield parts[0], node.lineno
            elif node.module and node.module.startswith("courses."):
                yield node.module.split(".")[1], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("courses."):
                    yield alias.name.split(".")[1], node.lineno


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=str)
def test_imports_go_down_the_layers(relative, tree):
    own = relative.parts[0].removesuffix(".py")
    if own not in RANK:
        return  # demo, synthetic, permissions, apps, accounts: outside the layers
    for imported, line in _courses_imports(relative, tree):
        if imported not in RANK or (str(relative), imported) in ALLOWED_UPWARD:
            continue
        assert RANK[imported] <= RANK[own], f"courses/{relative}:{line} imports {imported}"


@pytest.mark.parametrize(("relative", "tree"), list(_modules()), ids=str)
def test_only_views_speak_http(relative, tree):
    """Below the views, refusals are decisions: no responses, redirects or messages."""
    own = relative.parts[0].removesuffix(".py")
    if own not in RANK or RANK[own] >= RANK["views"]:
        return
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            assert not name.startswith(HTTP), f"courses/{relative}:{node.lineno} imports {name}"


def test_querysets_import_no_model_and_nothing_inside_functions():
    """The models import the querysets; the function-local imports that dodged that cycle
    are gone (the querysets find other models in the app registry)."""
    tree = ast.parse((COURSES / "querysets.py").read_text())
    assert not list(_courses_imports(Path("querysets.py"), tree))
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            assert not any(isinstance(n, ast.Import | ast.ImportFrom) for n in ast.walk(function))
