"""The one table the shared parts keep: when each periodic task is next due."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicTaskRun(models.Model):
    """One row per periodic task (`ctps_common.periodic`). Whoever moves `next_run_at` past
    now with a conditional UPDATE enqueues that run: one enqueue per period, however many
    workers tick at once."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(verbose_name=_("Next run at"))
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodic task")

    def __str__(self):
        return f"{self.name} · {self.next_run_at:%Y-%m-%d %H:%M}"
