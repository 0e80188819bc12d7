"""Production behind gunicorn and a TLS-terminating proxy. Refuses to start without a key
or without Redis (REDIS_URL), the cache every app process shares."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, os

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment for production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in the environment for production "
        "(e.g. REDIS_URL=redis://127.0.0.1:6379/0): every app server process shares that "
        "cache, so that a page restricted or unpublished, a dashboard's new figures and the "
        "rate limits hold in all of them at once."
    )

DEBUG = False
# Background tasks wait in the database for `manage.py tasks_worker` (README, "Production").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
