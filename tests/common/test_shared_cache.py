"""Redis as the cache every app process shares: two processes see each other's changes.

The test process and a second app process (`app_process.py`: the same settings, REDIS_URL,
cache key prefix and test database, as a second gunicorn worker would have) both serve
requests. The second process reads a cached value first — a page's route and view
restrictions, a dashboard figure, a rate-limit counter — then the test process changes the
data, and the second process must see the change on its very next read.

With per-process local memory it would not: `test_with_local_memory_the_other_process_serves_stale`
runs the same page scenario with a second process on its own local memory, which keeps
serving the page this process has just restricted (for up to the page-tree cache's 60 s).

These tests need Redis (REDIS_URL) and a test database a second process can open (the test
settings put a SQLite test database in a file when REDIS_URL is set). Without them they are
skipped with the reason, except under CI=true (.ci/run starts a Redis) where they fail.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
MANAGER = "manager@ctps.example"
REPLY_SECONDS = 120


def _unavailable() -> str | None:
    """Why the shared-cache tests cannot run here, or None."""
    if not os.environ.get("REDIS_URL"):
        return (
            "no Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0, or unix:///path/redis.sock)"
            " to run the shared-cache tests"
        )
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        return f"the cache of {settings.SETTINGS_MODULE} is not Redis although REDIS_URL is set"
    try:
        cache.set("ctps:shared-cache-probe", 1, 5)
    except Exception as error:  # noqa: BLE001 - any failure means no usable Redis
        return f"Redis at REDIS_URL does not answer: {error}"
    return None


@pytest.fixture(scope="session")
def redis_required():
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true requires these tests: .ci/run starts a Redis)")
        pytest.skip(reason)


class AppProcess:
    """A second app process on the same test database, speaking JSON lines."""

    def __init__(self, *, local_cache: bool = False):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            reason = "the SQLite test database is in memory: a second process cannot open it"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        database = {"NAME": connection.settings_dict["NAME"]}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
            "CTPS_TEST_CACHE_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "CTPS_APP_PROCESS_DATABASE": json.dumps(database),
        }
        if local_cache:
            env["CTPS_TEST_LOCAL_CACHE"] = "1"
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.common.app_process"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], REPLY_SECONDS)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.log.seek(0)
            raise AssertionError(f"the second app process did not answer:\n{self.log.read()}")
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        reply = self._read()
        assert "error" not in reply, reply["error"]
        return reply

    def get(self, path: str, **command) -> int:
        return self.ask(op="get", path=path, **command)["status"]

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def other_process(redis_required):
    process = AppProcess()
    assert process.ask(op="backend")["backend"] == "ctps.cache.RedisCache"
    yield process
    process.close()


def a_public_course():
    """A live public course of this test (transactional: the other process sees it)."""
    from tests.factories.courses import CoursePageFactory

    return CoursePageFactory(slug="shared-cache-course")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_other_process_sees_a_page_restricted_then_unpublished(other_process, client):
    from wagtail.models import PageViewRestriction

    course = a_public_course()
    url = course.url
    assert other_process.get(url) == 200  # routes and restrictions now cached
    assert other_process.get(url) == 200
    restriction = PageViewRestriction.objects.create(page=course, restriction_type="login")
    assert other_process.get(url) == 302  # to the sign-in page, at once
    assert client.get(url).status_code == 302
    restriction.delete()
    assert other_process.get(url) == 200
    course.unpublish()
    assert other_process.get(url) == 404
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_other_process_sees_a_new_dashboard_figure(other_process):
    import datetime

    from capability.register.models import Country, Workshop
    from capability.results.dashboards import dashboard_data
    from capability.results.indicators.cache import invalidate
    from capability.results.indicators.queries import scope_for
    from tests.factories.accounts import ManagerFactory

    ManagerFactory(email=MANAGER)
    invalidate()
    scope = scope_for(get_user_model().objects.get(username=MANAGER))
    before = other_process.ask(op="dashboard", slug="trend", user=MANAGER)["data"]
    assert dashboard_data("trend", scope)["workshops"] == before["workshops"]  # shared entry
    Workshop.objects.create(
        code="shared-cache-1",
        title="Shared cache",
        kind="workshop",
        result_area="01",
        country=Country.objects.get(code="GH"),
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 5, 2),
    )
    after = other_process.ask(op="dashboard", slug="trend", user=MANAGER)["data"]
    assert after["workshops"][-1] == before["workshops"][-1] + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_rate_limit_counts_the_requests_of_every_process(other_process, client, settings):
    """Certificate verification allows 4 lookups per address here, across both processes:
    local memory would allow 4 in each process."""
    settings.CERTIFICATE_VERIFY_RATE = (4, 600)
    path, address = "/en/learning/verify/ABCD-EFGH-JKLM-NPQR/", "203.0.113.7"
    rate = {"settings": {"CERTIFICATE_VERIFY_RATE": [4, 600]}, "remote_addr": address}
    assert client.get(path, REMOTE_ADDR=address).status_code == 200
    assert client.get(path, REMOTE_ADDR=address).status_code == 200
    assert other_process.get(path, **rate) == 200
    assert other_process.get(path, **rate) == 200
    assert other_process.get(path, **rate) == 429  # the fifth lookup from this address
    assert client.get(path, REMOTE_ADDR=address).status_code == 429


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_local_memory_the_other_process_serves_stale(redis_required, client):
    """What the shared cache prevents: a second process on its own local memory keeps
    serving the page this process has just restricted (its page-tree cache never hears of
    the change; the entry would expire after 60 s)."""
    from wagtail.models import PageViewRestriction

    course = a_public_course()
    process = AppProcess(local_cache=True)
    try:
        assert process.ask(op="backend")["backend"].endswith("LocMemCache")
        assert process.get(course.url) == 200
        PageViewRestriction.objects.create(page=course, restriction_type="login")
        assert client.get(course.url).status_code == 302
        assert process.get(course.url) == 200  # stale: the restricted page is still served
    finally:
        process.close()


def test_clear_removes_only_this_runs_keys(redis_required):
    client = cache._cache.get_client(None, write=True)
    client.set("someone-else:1:key", b"kept")
    cache.set("mine", "gone")
    try:
        cache.clear()
        assert cache.get("mine") is None
        assert client.get("someone-else:1:key") == b"kept"
    finally:
        client.delete("someone-else:1:key")


def _production(**env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SECRET_KEY", "EMAIL_BACKEND")
    }
    environment.update(DJANGO_SETTINGS_MODULE="ctps.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


# Everything production needs but the cache (tests/home/test_production_settings.py tries each).
_DEPLOYMENT = {
    "SECRET_KEY": "a-production-key",
    "ALLOWED_HOSTS": "learning.example.org",
    "WAGTAILADMIN_BASE_URL": "https://learning.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "learning@example.org",
}


def test_production_refuses_to_start_without_redis():
    result = _production(**_DEPLOYMENT)
    assert result.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL must be set in the environment" in result.stderr
    started = _production(**_DEPLOYMENT, REDIS_URL="redis://127.0.0.1:6379/0")
    assert started.returncode == 0, started.stderr
