"""Settings shared by every environment; each value that differs per deployment is read
from an environment variable so one image runs anywhere (12-factor)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/ctps
BASE_DIR = PROJECT_DIR.parent.parent  # the repository root


def env_list(name: str, default: str = "") -> list[str]:
    """Split a comma-separated environment variable into a clean list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ctps_common",  # what every plugin shares (see ctps_common/__init__.py)
    "home",
    "courses",
    "capability.register",
    "capability.results",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "home.users_app.UsersAppConfig",  # wagtail.users; its forms keep e-mails unique
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time recovery codes beside the TOTP device
    "django_tasks",  # Django's tasks framework (backport): checks and signals
    "django_tasks_db",  # its database backend: the task table and `db_worker`
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # French pages get their narrow no-break spaces here, once the page is rendered.
    "ctps_common.typography.FrenchTypographyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An upload that found the disk full: a page saying nothing was kept (507), not a 500.
    "ctps_common.storage.StorageFullMiddleware",
    "home.two_factor.RequireVerifiedAdminSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns lockouts raised during login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ctps.urls"
WSGI_APPLICATION = "ctps.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (required in production: every app process must see the
# changes the others make — page-tree and dashboard versions, rate-limit counters); otherwise
# local memory, one cache per process, which is enough for one development server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ctps.cache.RedisCache",  # Django's, with clear() kept to KEY_PREFIX
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ctps",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in is the project's choice, not a plugin's: everyone signs in with their email (or
# username), on the trainees' sign-in page of the courses plugin (staff: the admin's).
# django-axes stays first to throttle: after 5 failures for one username from one address,
# that pair is locked out for 15 minutes; a success resets the counter.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ctps_common.auth.EmailBackend",
]
LOGIN_URL = "courses:login"
LOGIN_REDIRECT_URL = "courses:my_learning"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# Failures are counted on the lower-cased sign-in name: "Someone@…" is "someone@…".
AXES_USERNAME_CALLABLE = "ctps_common.auth.normalised_login"
# One client-address rule for throttling and every rate limit (ctps_common/client_ip.py): the
# number of reverse proxies in front of the app that append to X-Forwarded-For; 0 (no proxy)
# means the socket address, and the header is ignored.
CTPS_TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", os.environ.get("AXES_PROXY_COUNT", "0")) or 0
)
AXES_CLIENT_IP_CALLABLE = "ctps_common.client_ip.client_ip"

# Optional TOTP two-factor sign-in for the admin (home/two_factor.py).
WAGTAILADMIN_USER_LOGIN_FORM = "home.two_factor.TwoFactorLoginForm"
OTP_TOTP_ISSUER = "CT Public Spaces Learning"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day; trainees sign in again after that

# Content-Security-Policy (django-csp): our public pages need no inline script or style and
# load nothing from other origins. The Wagtail admin (its own inline styles) is excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Internationalisation: English and French ship; Wagtail content is translatable.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files: hashed and compressed by whitenoise (collectstatic in production).
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # Every write goes to a temporary name, then is moved into place (ctps_common/storage.py).
    "default": {"BACKEND": "ctps_common.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible media storage when a bucket is configured (stateless app servers).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Email: console by default; SMTP (or any backend) through EMAIL_BACKEND and friends.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CT Public Spaces <noreply@ctps.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (ctps_common/tasks.py): Django's tasks framework. Here the immediate backend
# runs each task where it is enqueued, so `make run` needs no other process; production keeps
# tasks in the database for `manage.py tasks_worker` (settings/production.py). Wagtail's own
# tasks (search and reference index, image focal points) use the same backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
SERIALIZATION_MODULES = {"precise_json": "home.precise_json"}  # lossless backups

# Wagtail
WAGTAIL_SITE_NAME = "CT Public Spaces Learning"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"),
    *("mp4", "webm", "vtt"),  # lesson videos and their captions
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents (evidence, sheets) always pass through Wagtail's view, which applies collection
# privacy; they are never handed out as public media URLs.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatar from a third-party service: a hash of each staff e-mail would leave the site and
# the image breaks offline. Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Account e-mail changes take effect only once confirmed from the new address
# (home/email_change.py), so Wagtail's own name-and-email form edits the name only.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- courses plugin settings (owned by courses/) ---
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # invitation and reset links expire after three days
# Certificates: public verification lookups allowed per client address and window (seconds).
CERTIFICATE_VERIFY_RATE = (30, 600)
# xAPI: statements are always stored; set the endpoint (e.g. https://lrs.example.org/xapi/)
# to have the background task `courses.xapi.sending.xapi_forward` deliver them (the worker
# runs it every minute and after each learning event). Activity IRIs and the actor's
# account.homePage come from WAGTAILADMIN_BASE_URL: set it to the public address before the
# first statement leaves, IRIs are permanent. XAPI_ACTOR: "account" (no personal data
# leaves) or "mbox" (the trainee's email).
XAPI_LRS_ENDPOINT = os.environ.get("XAPI_LRS_ENDPOINT", "")
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
XAPI_LRS_TIMEOUT = int(os.environ.get("XAPI_LRS_TIMEOUT", "10"))
XAPI_ACTOR = os.environ.get("XAPI_ACTOR", "account")
# Certificates: holders are reminded by email this many days before expiry (once each).
CERTIFICATE_REMINDER_DAYS = int(os.environ.get("CERTIFICATE_REMINDER_DAYS", "30"))

# --- capability plugin settings (owned by capability/register/ and capability/results/) ---
# Largest attendance sheet accepted (bytes) and most participant rows per sheet.
CAPABILITY_IMPORT_MAX_BYTES = int(os.environ.get("CAPABILITY_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
CAPABILITY_IMPORT_MAX_ROWS = int(os.environ.get("CAPABILITY_IMPORT_MAX_ROWS", 20_000))
# Longest text accepted in one cell of an imported sheet.
CAPABILITY_IMPORT_MAX_CELL_CHARS = 1_000

# Indicators and dashboards (capability/results/indicators, capability/results/dashboards).
# plotly.js comes from the installed plotly package through our own static files, never a CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "capability.results.staticfinders.PlotlyFinder",
]
CAPABILITY_PROGRAMME_START = os.environ.get("CAPABILITY_PROGRAMME_START", "2024-01-01")
CAPABILITY_PROGRAMME_END = os.environ.get("CAPABILITY_PROGRAMME_END", "2026-12-31")
CAPABILITY_REPORTING_YEAR_START_MONTH = int(os.environ.get("CAPABILITY_YEAR_START_MONTH", "1"))
CAPABILITY_PRACTITIONER_LEVEL = 2  # "people at or above practitioner level"
CAPABILITY_TRAINER_LEVEL = 3  # workshops giving this level are trainer-of-trainers courses
CAPABILITY_DASHBOARD_CACHE_SECONDS = 600
# Course records the indicators read when the courses plugin is installed (no value otherwise).
CAPABILITY_CERTIFICATE_MODEL = "courses.Certificate"  # user, issued_at, revoked_at
CAPABILITY_REACTION_MODEL = "courses.SurveyResponse"  # user, submitted_at, 1–5 ratings
