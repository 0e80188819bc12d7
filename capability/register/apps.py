from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CapabilityConfig(AppConfig):
    """Capability register plugin: listens to course events when present.

    The label stays `capability` (the app was once the whole plugin): its tables, migration
    history, permission codenames and content types keep their names.
    """

    name = "capability.register"
    label = "capability"
    verbose_name = _("Capability")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ctps_common.roles import connect_grants

        from .permissions import GRANTS

        connect_grants(self, GRANTS)
        if apps.is_installed("courses"):
            from courses.signals import account_country_chosen, course_completed

            from .receivers import record_account_country, record_course_completion

            course_completed.connect(
                record_course_completion, dispatch_uid="capability_course_completed"
            )
            account_country_chosen.connect(
                record_account_country, dispatch_uid="capability_account_country"
            )
