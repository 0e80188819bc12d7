"""Test runs: fast hashing, memory email, plain static storage (no manifest); the cache in
local memory, or in Redis when REDIS_URL is set (as CI runs them)."""

import hashlib
import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, REDIS_URL, STORAGES

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# With REDIS_URL: one key prefix per test run, so that runs sharing a Redis never meet and
# `cache.clear()` empties only this run's keys. The second app process of the shared-cache
# tests (tests/common/test_shared_cache.py) is handed the prefix in CTPS_TEST_CACHE_PREFIX;
# CTPS_TEST_LOCAL_CACHE=1 gives a process its own local memory instead (what they compare with).
if REDIS_URL and not os.environ.get("CTPS_TEST_LOCAL_CACHE"):
    CACHES = {
        "default": {
            **CACHES["default"],
            "KEY_PREFIX": os.environ.get("CTPS_TEST_CACHE_PREFIX")
            or f"ctps-test-{uuid.uuid4().hex[:12]}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# CTPS_TEST_MEDIA_ROOT: a folder of the test's choosing for a process it starts (restore tests).
MEDIA_ROOT = Path(
    os.environ.get("CTPS_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="ctps-test-media-")
)
# The test client's login() passes no request, which django-axes refuses; tests of the
# throttling switch it back on with override_settings.
AXES_ENABLED = False

# Each checkout gets its own test database on a shared PostgreSQL server, so that test runs
# of several working copies never drop each other's database.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:8]
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"}

# With REDIS_URL, a SQLite test database lives in a file rather than in memory, so that the
# second process of the shared-cache tests can open it.
if REDIS_URL and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="ctps-test-db-")) / "test.sqlite3")
    }
    # durability is not needed: a test database lives for one run
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"

# A second, empty database that the backup round-trip test restores into. Its tables are
# created from the models (Wagtail's data migrations always write to "default").
DATABASES = {
    **DATABASES,
    "restore": {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_restore",
        "TEST": {
            "NAME": f"{DATABASES['default']['TEST']['NAME']}_restore"
            if DATABASES["default"].get("TEST", {}).get("NAME")
            else None,
            "MIGRATE": False,
        },
    },
}
