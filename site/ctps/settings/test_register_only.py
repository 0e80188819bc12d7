"""The test settings with the capability register alone: neither the results app
(`capability.results`) nor the courses plugin. Proves the register works on its own."""

from .test import *  # noqa: F403
from .test import AUTHENTICATION_BACKENDS, DATABASES, INSTALLED_APPS, STATICFILES_FINDERS

WITHOUT = ("capability.results", "courses")
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in WITHOUT]
STATICFILES_FINDERS = [f for f in STATICFILES_FINDERS if not f.startswith("capability.results.")]

# The courses plugin's settings (sign-in by email, its login pages) go with it.
AUTHENTICATION_BACKENDS = [
    *(backend for backend in AUTHENTICATION_BACKENDS if not backend.startswith("courses.")),
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "/"

# Run beside the main test session (it starts this one) without touching its database.
if DATABASES["default"].get("TEST", {}).get("NAME"):
    DATABASES["default"]["TEST"]["NAME"] += "_register_only"
    DATABASES["restore"]["TEST"]["NAME"] += "_register_only"
