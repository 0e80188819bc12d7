"""A second app process for the shared-cache tests (tests/common/test_shared_cache.py).

Started with the test run's settings module, its REDIS_URL and cache key prefix
(CTPS_TEST_CACHE_PREFIX), and the test database's connection settings
(CTPS_APP_PROCESS_DATABASE, JSON), it serves requests the way a second gunicorn worker would:
one JSON command per line on stdin, one JSON answer per line on stdout.

    {"op": "get", "path": "/en/...", "remote_addr": "..."}  -> {"status": 200, "location": ""}
    {"op": "dashboard", "slug": "trend", "user": "manager@..."} -> {"data": {...}}
    {"op": "backend"}  -> {"backend": "<the cache backend's class>"}
"""

from __future__ import annotations

import json
import os
import sys


def serve() -> None:
    import django
    from django.conf import settings

    settings.DATABASES["default"].update(json.loads(os.environ["CTPS_APP_PROCESS_DATABASE"]))
    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()

    def answer(command: dict) -> dict:
        op = command["op"]
        if op == "get":
            with override_settings(**command.get("settings", {})):
                response = client.get(
                    command["path"], REMOTE_ADDR=command.get("remote_addr", "127.0.0.1")
                )
            return {"status": response.status_code, "location": response.get("Location", "")}
        if op == "dashboard":
            from capability.results.dashboards import dashboard_data
            from capability.results.indicators.queries import scope_for

            user = get_user_model().objects.get(username=command["user"])
            return {"data": dashboard_data(command["slug"], scope_for(user))}
        if op == "backend":
            backend = type(caches["default"])
            return {"backend": f"{backend.__module__}.{backend.__name__}"}
        raise ValueError(f"unknown op {op!r}")

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails
            reply = {"error": f"{type(error).__name__}: {error}"}
        finally:
            connections.close_all()  # as after a request: nothing held between commands
        print(json.dumps(reply, default=str), flush=True)


if __name__ == "__main__":
    serve()
