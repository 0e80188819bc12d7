"""The test settings with both capability apps (register and results) and without the
courses plugin. Proves the capability plugins work on a site without online courses."""

from .test import *  # noqa: F403
from .test import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "courses"]

# Without the courses plugin, people sign in on the admin's sign-in page.
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "/"

# Beside the main test database, never on it.
if DATABASES["default"].get("TEST", {}).get("NAME"):
    DATABASES["default"]["TEST"]["NAME"] += "_capability_only"
    DATABASES["restore"]["TEST"]["NAME"] += "_capability_only"
