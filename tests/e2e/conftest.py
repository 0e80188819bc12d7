"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Playwright cannot download its own browsers here, so we point it at /usr/bin/chromium. Without
that binary the tests skip with a reason, except under CI=true where a missing browser fails.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not chromium_available():
        message = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true requires the browser tests to run)")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _serialized_db_contents(django_db_setup, django_db_blocker):
    """The database contents Django serialized at setup, captured before Playwright starts.

    Playwright's sync API runs an event loop in the test thread; Django's connection handler
    (an asgiref Local) then hands later tests a fresh connection object that lacks
    `_test_serialized_contents`, so `serialized_rollback` silently restores nothing and the
    second browser test finds an empty database. We keep the contents and put them back.
    """
    from django.db import connections

    return {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }


@pytest.fixture
def _restore_serialized_contents(_serialized_db_contents):
    from django.db import connections

    for alias, contents in _serialized_db_contents.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def _django_db_helper(_restore_serialized_contents, _django_db_helper):
    """pytest-django's database helper, run after the serialized contents are back in place."""
    return _django_db_helper
