"""What a module of the repository imports, read from its source (relative imports resolved)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Dotted names `path` imports: modules, and `module.name` for `from module import name`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def modules_under(folder: str) -> list[Path]:
    """The modules of a package folder, or the one module named."""
    path = ROOT / folder
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def importers(folder: str, forbidden: str, **options) -> list[str]:
    """The modules under `folder` that import `forbidden` or anything inside it."""
    return [
        module_name(path)
        for path in modules_under(folder)
        if any(
            name == forbidden or name.startswith(forbidden + ".")
            for name in imports(path, **options)
        )
    ]
