"""Test runs: fast hashing, memory cache and email, plain static storage (no manifest)."""

import hashlib
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ctps-test-media-"))
# The test client's login() passes no request, which django-axes refuses; tests of the
# throttling switch it back on with override_settings.
AXES_ENABLED = False

# Each checkout gets its own test database on a shared PostgreSQL server, so that test runs
# of several working copies never drop each other's database.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:8]
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"}

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
