from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Online courses plugin: installable into any Wagtail site on its own."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"
    # Background tasks the worker enqueues on a schedule (ctps_common.periodic):
    # name -> (task, seconds between runs); a site changes them with CTPS_PERIODIC_TASKS.
    periodic_tasks = {
        # Retries come due here; new statements are also sent right after their event.
        "courses.xapi_forward": ("courses.xapi.sending.xapi_forward", 60),
        "courses.certificate_reminders": (
            "courses.services.certificates.certificate_reminders_send",
            3600,
        ),
    }

    def ready(self):
        from ctps_common.cache import connect_page_tree
        from ctps_common.erasure import account_erasing
        from ctps_common.roles import connect_grants

        from . import checks, progress  # noqa: F401 - checks registers the system checks
        from .permissions import GRANTS
        from .services.accounts import account_erase

        connect_page_tree()  # outlines, routes and restrictions are cached per tree version
        progress.connect()
        connect_grants(self, GRANTS)
        # An erased account loses what courses hold that names it (certificates, xAPI).
        account_erasing.connect(account_erase, dispatch_uid="courses_account_erase")
