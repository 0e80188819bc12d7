"""Shared contract of `manage.py generate_synthetic`: sizes per scale, accounts, seed.

Per-plugin generators live in `<app>/synthetic.py` and expose
`generate(*, scale, users, seed, stdout) -> dict[str, int]` (rows created, by kind); they
receive the primary keys of the synthetic trainee accounts and import nothing from other
plugins (an app may build on the app it depends on: capability.results on the register's
rows, generated before it in INSTALLED_APPS order).
"""

from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

SEED = 20260101
EMAIL_DOMAIN = "@synthetic.example"
PASSWORD = "ctps-synthetic-2026"  # noqa: S105 - published, synthetic accounts only


def per_scale(count: int, scale: float) -> int:
    """`count` rows per unit of scale, at least one (tests use fractions of a unit)."""
    return max(1, round(count * scale))


def trainee_count(scale: float) -> int:
    """Trainee accounts: 1,000 per unit of scale (100,000 at scale 100)."""
    return per_scale(1_000, scale)


def trainee_email(number: int) -> str:
    """Account number 0 is the benchmark's trainee (enrolled in every synthetic course)."""
    return f"trainee{number:06d}{EMAIL_DOMAIN}"


def plugin_generators() -> Iterator[tuple[str, Callable]]:
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.synthetic"
        if app_config.name == "home" or find_spec(module_name) is None:
            continue
        generate = getattr(import_module(module_name), "generate", None)
        if generate is not None:
            yield app_config.label, generate
