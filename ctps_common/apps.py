from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed by every site that installs one of our plugins (templates, translations)."""

    name = "ctps_common"
    verbose_name = _("Shared plugin parts")

    def ready(self):
        from .cache import connect_page_tree

        connect_page_tree()
