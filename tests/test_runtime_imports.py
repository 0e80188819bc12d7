"""Every module of the site imports with nothing but the runtime requirements installed.

`make run` installs requirements.txt only; a runtime module importing a development tool
(pytest, pypdf, hypothesis…) would work in the test environment and fail in production.
This test runs in the development environment, so a fresh interpreter hides every installed
distribution that requirements.txt does not bring in (directly or through dependencies) and
imports every module of `ctps`, `home`, `courses` and `capability`.
"""

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["ctps", "home", "courses", "capability"]
# Installed with the virtual environment itself, or our own editable install.
ALWAYS = {"pip", "setuptools", "wheel", "ctps"}


def _name(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def runtime_distributions() -> set[str]:
    """requirements.txt and everything its packages require, with the extras asked for."""
    wanted: list[tuple[str, set[str]]] = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            wanted.append((requirement.name, set(requirement.extras)))
    seen: set[str] = set(ALWAYS)
    done: set[tuple[str, frozenset]] = set()
    while wanted:
        name, extras = wanted.pop()
        if (_name(name), frozenset(extras)) in done:
            continue
        done.add((_name(name), frozenset(extras)))
        seen.add(_name(name))
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker and not any(
                requirement.marker.evaluate(environment) for environment in environments
            ):
                continue
            wanted.append((requirement.name, set(requirement.extras)))
    return seen


def dev_only_modules() -> set[str]:
    runtime = runtime_distributions()
    blocked = set()
    for module, distributions in metadata.packages_distributions().items():
        if all(_name(distribution) not in runtime for distribution in distributions):
            blocked.add(module)
    return blocked - set(PACKAGES) - set(sys.stdlib_module_names)


PROBE = """
import importlib, json, os, pkgutil, sys
blocked = set(json.loads(sys.argv[1]))

class HideDevTools:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"{name} is not a runtime requirement", name=name)
        return None

sys.meta_path.insert(0, HideDevTools())
os.environ["DJANGO_SETTINGS_MODULE"] = "ctps.settings.dev"
import django
django.setup()
count = 0
for package in json.loads(sys.argv[2]):
    module = importlib.import_module(package)
    count += 1
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
        count += 1
print(count)
"""


def probe(blocked: set[str], packages: list[str], code: str = PROBE):
    # every settings module is imported too: production's needs its deployment values (and
    # with SENTRY_DSN it imports the optional error reporting, a runtime requirement too)
    environment = {
        **os.environ,
        "SECRET_KEY": "runtime-import-probe",
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "learning.example.org",
        "WAGTAILADMIN_BASE_URL": "https://learning.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "learning@example.org",
        "SENTRY_DSN": "https://key@sentry.invalid/1",
    }
    environment.pop("EMAIL_BACKEND", None)
    return subprocess.run(
        [sys.executable, "-c", code, json.dumps(sorted(blocked)), json.dumps(packages)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_dev_tools_are_really_hidden():
    blocked = dev_only_modules()
    assert {"pytest", "pypdf", "hypothesis", "playwright", "ruff"} <= blocked
    assert not {"django", "wagtail", "okfn_iati", "fpdf", "tablib", "django_filters"} & blocked
    result = probe(blocked, [], PROBE.replace("django.setup()", "django.setup(); import pypdf"))
    assert result.returncode != 0 and "pypdf is not a runtime requirement" in result.stderr


def test_every_module_imports_with_runtime_requirements_only():
    result = probe(dev_only_modules(), PACKAGES)
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.strip()) > 100  # every module was reached, not just the packages
