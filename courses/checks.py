"""System checks of the courses plugin's settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104


@checks.register(checks.Tags.compatibility)
def xapi_base_url(app_configs=None, **kwargs):
    """Statements name activities and accounts by IRIs built on WAGTAILADMIN_BASE_URL; once
    sent to an LRS they are permanent, so a local address there is a mistake."""
    if not getattr(settings, "XAPI_LRS_ENDPOINT", ""):
        return []
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname or ""
    if host and host not in LOOPBACK:
        return []
    return [
        checks.Warning(
            "XAPI_LRS_ENDPOINT is set but WAGTAILADMIN_BASE_URL is a local address: the "
            "statements sent would carry activity IRIs and account home pages that no one "
            "else can resolve, for good.",
            hint="Set WAGTAILADMIN_BASE_URL to the site's public address.",
            id="courses.W001",
        )
    ]
