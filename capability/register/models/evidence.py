from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import EvidenceQuerySet
from .choices import EvidenceSource
from .competencies import Competency
from .people import Person
from .workshops import Workshop


class CompetencyEvidence(models.Model):
    """One proof that a person reached a level; the current level is derived from these."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("person")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("competency")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    source = models.CharField(_("source"), max_length=16, choices=EvidenceSource.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("workshop"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("online course"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "person"]
        verbose_name = _("competency evidence")
        verbose_name_plural = _("competency evidence")
        indexes = [models.Index(fields=["date"], name="cap_evidence_date_idx")]  # listing order
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1), name="capability_evidence_level_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.competency.code} · {self.level}"
