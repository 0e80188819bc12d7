"""Benchmarks: production-like (DEBUG off, cached templates) but served by the test client."""

import warnings

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "bench-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Static files come from the finders here; whitenoise's missing STATIC_ROOT is expected.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
