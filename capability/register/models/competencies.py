from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from ctps_common.writes import SignallingQuerySet

from .choices import CompetencyArea, ResultArea


class CompetencyFramework(ClusterableModel):
    """A set of competencies with its proficiency scale (Moodle's competency frameworks)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("levels", label=_("Proficiency scale"), min_num=1),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")

    def __str__(self) -> str:
        return self.name


class ProficiencyLevel(models.Model):
    framework = ParentalKey(CompetencyFramework, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    name = models.CharField(_("name"), max_length=100)

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "level"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="capability_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.name}"


class Competency(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework"),
    )
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Stable code, used by online courses to award evidence, e.g. RA-1."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=32, choices=CompetencyArea.choices)
    result_area = models.CharField(
        _("result area"), max_length=2, choices=ResultArea.choices, blank=True
    )

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"
