"""Benchmarks: production-like (DEBUG off, cached templates) but served by the test client."""

import warnings

from .base import *  # noqa: F403
from .base import MIDDLEWARE, STORAGES

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


def resolve_user_middleware(get_response):
    """Authenticate every request, as every real page does through the site navigation.

    Without it the bare page with an empty template never reads the session, and a signed-in
    page would be compared with a floor that skips authentication (bench/README.md).
    """

    def middleware(request):
        request.user.is_authenticated  # noqa: B018 - forces the lazy user (session + user)
        return get_response(request)

    return middleware


MIDDLEWARE = [*MIDDLEWARE, "ctps.settings.bench.resolve_user_middleware"]
