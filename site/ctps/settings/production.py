"""Production behind gunicorn and a TLS-terminating proxy.

Refuses to start, with a sentence saying what to set, when a value that only the deployment
can know is missing: the secret key, the allowed hosts, the site's public address (links in
e-mails, certificate QR codes, xAPI IRIs), a real e-mail server (password links must not end
up in the logs) and Redis (REDIS_URL), the cache every app process shares.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, env_list, os

# E-mail backends that deliver nothing: fine on a laptop, wrong for the people waiting for a
# password link.
NON_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def _require(value, message: str):
    if not value:
        raise ImproperlyConfigured(message)
    return value


_require(
    SECRET_KEY,
    "SECRET_KEY must be set in the environment for production "
    "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))').",
)
ALLOWED_HOSTS = _require(
    env_list("ALLOWED_HOSTS"),
    "ALLOWED_HOSTS must be set in the environment for production: the comma-separated host "
    "names the site answers to (e.g. ALLOWED_HOSTS=learning.example.org).",
)
WAGTAILADMIN_BASE_URL = _require(
    os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/"),
    "WAGTAILADMIN_BASE_URL must be set in the environment for production: the site's public "
    "address (e.g. WAGTAILADMIN_BASE_URL=https://learning.example.org), printed in e-mail "
    "links and certificate QR codes and kept in xAPI IRIs.",
)
if (
    urlsplit(WAGTAILADMIN_BASE_URL).scheme not in ("http", "https")
    or not urlsplit(WAGTAILADMIN_BASE_URL).hostname
):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be a full address with its scheme, "
        f"e.g. https://learning.example.org (it is {WAGTAILADMIN_BASE_URL!r})."
    )

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}, which delivers no e-mail: in production leave it "
        "unset (SMTP) or name a backend that sends, and set EMAIL_HOST."
    )
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _require(
        os.environ.get("EMAIL_HOST"),
        "EMAIL_HOST must be set in the environment for production: the SMTP server that "
        "sends invitations and password links (with EMAIL_PORT, EMAIL_HOST_USER, "
        "EMAIL_HOST_PASSWORD and EMAIL_USE_TLS=true as it needs).",
    )
DEFAULT_FROM_EMAIL = _require(
    os.environ.get("DEFAULT_FROM_EMAIL"),
    "DEFAULT_FROM_EMAIL must be set in the environment for production: the sender of the "
    "site's e-mails (e.g. DEFAULT_FROM_EMAIL='CT Public Spaces <learning@example.org>').",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

_require(
    REDIS_URL,
    "REDIS_URL must be set in the environment for production "
    "(e.g. REDIS_URL=redis://127.0.0.1:6379/0): every app server process shares that "
    "cache, so that a page restricted or unpublished, a dashboard's new figures and the "
    "rate limits hold in all of them at once.",
)

DEBUG = False
# Background tasks wait in the database for `manage.py tasks_worker` (README, "Production").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a commitment browsers keep for months (hstspreload.org): only when asked.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "") == "true"
if not SECURE_HSTS_PRELOAD:
    # Not preloading is the choice made above, not an oversight: `check --deploy` stays clean.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
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

# Optional error reporting: Sentry's SDK, only when SENTRY_DSN is set. No personal data is
# sent (no user e-mails or addresses), and nothing at all without a DSN.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
