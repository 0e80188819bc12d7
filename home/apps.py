from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ctps_common.cache import connect_page_tree

        connect_page_tree()  # routes and language links are cached per page-tree version
