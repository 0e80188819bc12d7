from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Online courses plugin: installable into any Wagtail site on its own."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ctps_common.cache import connect_page_tree
        from ctps_common.roles import connect_grants

        from . import progress
        from .permissions import GRANTS

        connect_page_tree()  # outlines, routes and restrictions are cached per tree version
        progress.connect()
        connect_grants(self, GRANTS)
