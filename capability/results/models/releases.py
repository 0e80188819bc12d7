"""Releases: the frozen, dated results of a closed quarter that the outside world sees.

Programme staff create one per closed quarter; it is audited when created (see
`services.releases.release_create`) and never changes after: the public results page and
the IATI file serve the latest one, so data entered later shows in the next release only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseQuerySet(models.QuerySet):
    def latest_release(self):
        """The release the public sees (None before the first one)."""
        return self.order_by("-end").first()


class Release(models.Model):
    end = models.DateField(_("quarter ending"), unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    figures = models.JSONField(_("public figures"), default=dict, editable=False)
    iati = models.TextField(_("IATI document"), editable=False)
    audit = models.JSONField(_("disclosure audit"), default=dict, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        db_table = "capability_release"
        ordering = ["-end"]
        verbose_name = _("results release")
        verbose_name_plural = _("results releases")

    def __str__(self) -> str:
        return str(_("Results to %(end)s") % {"end": self.end.isoformat()})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A release is frozen: it cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A release is frozen: it cannot be deleted."))

    def get_audit_display(self) -> str:
        """The audit in the admin: its result, never the true values it keeps for the
        audits of later releases."""
        return str(
            _("%(cells)s figures published; audited together with every earlier release.")
            % {"cells": (self.audit or {}).get("cells", 0)}
        )
