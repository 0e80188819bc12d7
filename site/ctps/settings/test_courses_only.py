"""The test settings without the capability plugin: proves `courses` works on its own."""

from .test import *  # noqa: F403
from .test import DATABASES, INSTALLED_APPS

CAPABILITY_APPS = ("capability.register", "capability.results")
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in CAPABILITY_APPS]

# Run beside the main test session (it starts this one) without touching its database.
if DATABASES["default"].get("TEST", {}).get("NAME"):
    DATABASES["default"]["TEST"]["NAME"] += "_courses_only"
    DATABASES["restore"]["TEST"]["NAME"] += "_courses_only"
