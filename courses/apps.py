from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Online courses plugin: installable into any Wagtail site on its own."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, progress
        from .permissions import grant_staff_permissions

        cache.connect()
        progress.connect()

        post_migrate.connect(grant_staff_permissions, dispatch_uid="courses_staff_permissions")
