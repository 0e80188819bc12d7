from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CapabilityConfig(AppConfig):
    """Capability register and indicators plugin: listens to course events when present."""

    name = "capability"
    verbose_name = _("Capability")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .indicators.cache import connect_invalidation

        connect_invalidation()
        if apps.is_installed("courses"):
            from courses.signals import course_completed

            from .receivers import record_course_completion

            course_completed.connect(
                record_course_completion, dispatch_uid="capability_course_completed"
            )
