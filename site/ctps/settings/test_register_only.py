"""The test settings with the capability register alone: neither the results app
(`capability.results`) nor the courses plugin. Proves the register works on its own."""

from .test import *  # noqa: F403
from .test import DATABASES, INSTALLED_APPS, STATICFILES_FINDERS

WITHOUT = ("capability.results", "courses")
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in WITHOUT]
STATICFILES_FINDERS = [f for f in STATICFILES_FINDERS if not f.startswith("capability.results.")]

# Without the courses plugin, people sign in on the admin's sign-in page.
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "/"

# Beside the main test database, never on it.
if DATABASES["default"].get("TEST", {}).get("NAME"):
    DATABASES["default"]["TEST"]["NAME"] += "_register_only"
    DATABASES["restore"]["TEST"]["NAME"] += "_register_only"
