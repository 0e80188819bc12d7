"""Test runs: fast hashing, memory cache and email, plain static storage (no manifest)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

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

# A second, empty database that the backup round-trip test restores into. Its tables are
# created from the models (Wagtail's data migrations always write to "default").
DATABASES = {
    **DATABASES,
    "restore": {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_restore",
        "TEST": {"NAME": None, "MIGRATE": False},
    },
}
