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


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup, django_db_blocker):
    """The data migrations wrote (Wagtail's root page, groups...), as Django serialized it."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _restore_migrated_data(request, _migrated_data):
    """Work around a lost `serialized_rollback` after a live_server test.

    Once the session's live server has run, the main thread's connection no longer carries
    `_test_serialized_contents`, so the next `serialized_rollback=True` test starts from an
    empty database (no Wagtail root page). Put the contents back and reload them if needed.
    """
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("serialized_rollback") or _migrated_data is None:
        return
    from django.db import connection
    from wagtail.models import Page

    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _migrated_data
    if not Page.objects.filter(depth=1).exists():
        connection.creation.deserialize_db_from_string(_migrated_data)
