from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Installed by every site that installs one of our plugins (templates, translations)."""

    name = "ctps_common"
    verbose_name = _("Shared plugin parts")
    default_auto_field = "django.db.models.BigAutoField"
    # ctps_common.periodic: name -> (task, seconds between runs)
    periodic_tasks = {
        "ctps_common.prune_task_results": ("ctps_common.tasks.prune_task_results", 24 * 3600),
        # uploads waiting for confirmation hold personal data: swept once expired
        "ctps_common.pending_imports_expire": (
            "ctps_common.imports.tasks.pending_imports_expire",
            3600,
        ),
    }

    def ready(self):
        from .cache import connect_page_tree

        connect_page_tree()
