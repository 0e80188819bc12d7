from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapabilityConfig(AppConfig):
    """Capability register and indicators plugin: listens to course events when present."""

    name = "capability"
    verbose_name = _("Capability")
    default_auto_field = "django.db.models.BigAutoField"
