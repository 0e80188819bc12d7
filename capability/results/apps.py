from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapabilityResultsConfig(AppConfig):
    """Indicators and dashboards built on the register (`capability.register`, which must be
    installed too): drops its cached figures whenever the data behind them changes."""

    name = "capability.results"
    label = "capability_results"
    verbose_name = _("Capability results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from capability.register.signals import person_erasing
        from ctps_common.roles import connect_grants

        from .indicators.cache import connect_invalidation
        from .permissions import GRANTS
        from .receivers import erase_follow_up_notes

        connect_invalidation()
        connect_grants(self, GRANTS)
        person_erasing.connect(erase_follow_up_notes, dispatch_uid="capability_results_erasure")
