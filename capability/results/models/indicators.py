"""The programme's logical framework: indicators, their baselines and targets, manual values.

An indicator is either computed from the register (its `computation` names a query in
`capability.results.indicators.queries`) or manual (values typed in with their evidence). Figures
are per country or programme-wide (country empty) and per reporting period: a year, or one
quarter of it (reporting years start in the month `CAPABILITY_REPORTING_YEAR_START_MONTH`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from capability.register.documents import FilesEvidence
from capability.register.models import Country
from capability.register.models.choices import ResultArea
from capability.register.querysets import ScopedQuerySet, country_ids_for
from ctps_common.writes import SignallingQuerySet

from .translation import localised

QUARTERS = [MinValueValidator(1), MaxValueValidator(4)]
YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class IndicatorLevel(models.TextChoices):
    OVERALL_OBJECTIVE = "OO", _("Overall objective")
    RESULT_01 = ResultArea.RESULT_01.value, ResultArea.RESULT_01.label
    RESULT_02 = ResultArea.RESULT_02.value, ResultArea.RESULT_02.label
    RESULT_03 = ResultArea.RESULT_03.value, ResultArea.RESULT_03.label


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")


class Computation(models.TextChoices):
    """The named queries (capability.results.indicators.queries) an indicator may be computed by."""

    PEOPLE_TRAINED = "people_trained", _("People trained")
    WORKSHOPS_HELD = "workshops_held", _("Workshops and exercises held")
    PERSON_HOURS = "person_hours", _("Person-hours of training")
    IMPROVED_SHARE = "improved_share", _("% of trainees gaining 10 points or more")
    MEAN_GAIN = "mean_gain", _("Mean pre/post gain (points)")
    COURSE_ENROLMENTS = "course_enrolments", _("Online course enrolments")
    COURSE_COMPLETIONS = "course_completions", _("Online course completions")
    COMPLETION_RATE = "completion_rate", _("Online course completion rate")
    CERTIFICATES_ISSUED = "certificates_issued", _("Certificates issued")
    REACTION_SCORE = "reaction_score", _("Mean reaction-survey score")
    PRACTITIONERS = "practitioners", _("People at or above practitioner level")
    PRIVATE_ORGANISATIONS = (
        "private_organisations",
        _("Venue operators and private-security organisations reached"),
    )
    JOINT_EXERCISES = "joint_exercises", _("Joint public–private exercises held")
    TRAINERS_CERTIFIED = "trainers_certified", _("National trainers certified")
    CASCADE_WORKSHOPS = "cascade_workshops", _("Workshops led by national trainers")
    CASCADE_REACH = "cascade_reach", _("People reached by national trainers")
    DELIVERABLES_ADOPTED = "deliverables_adopted", _("Deliverables adopted")
    RISK_ASSESSMENTS = "risk_assessments", _("Venue risk assessments validated or adopted")
    FOLLOW_UP_APPLYING = "follow_up_applying", _("% of followed-up trainees applying learning")


class IndicatorQuerySet(SignallingQuerySet):
    def in_level(self, level: str | None):
        """Indicators of one result area (or all when `level` is empty)."""
        return self.filter(level=level) if level else self

    def for_table(self):
        """Indicators with their baselines and targets, in two extra queries."""
        return self.order_by("level", "sort_order", "code").prefetch_related("baselines", "targets")


class Indicator(ClusterableModel):
    """One indicator of the logical framework (DHIS2's indicator, IATI's result/indicator)."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. R1.2"))
    title = models.CharField(_("title"), max_length=255)
    title_fr = models.CharField(
        _("title in French"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the French pages and documents; empty: the title above."),
    )
    level = models.CharField(
        _("result area"), max_length=2, choices=IndicatorLevel.choices, default="01"
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    ascending = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Untick when the aim is to go down.")
    )
    definition = models.TextField(_("definition"), blank=True)
    source_of_verification = models.TextField(_("source of verification"), blank=True)
    computation = models.CharField(
        _("computed as"),
        max_length=32,
        choices=Computation.choices,
        blank=True,
        help_text=_("Leave empty for an indicator whose values are entered by hand."),
    )
    by_country = models.BooleanField(_("by country"), default=True)
    by_sex = models.BooleanField(_("by sex"), default=False)
    by_organisation_type = models.BooleanField(_("by organisation type"), default=False)
    by_workshop_kind = models.BooleanField(_("by workshop kind"), default=False)
    by_target_type = models.BooleanField(_("by target type"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("level"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        FieldPanel("title_fr"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("ascending"), FieldPanel("computation")]),
        FieldPanel("definition"),
        FieldPanel("source_of_verification"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("by_country"),
                        FieldPanel("by_sex"),
                        FieldPanel("by_organisation_type"),
                        FieldPanel("by_workshop_kind"),
                        FieldPanel("by_target_type"),
                    ]
                )
            ],
            heading=_("Disaggregations"),
        ),
        InlinePanel("baselines", label=_("Baselines")),
        InlinePanel("targets", label=_("Targets")),
    ]

    class Meta:
        ordering = ["level", "sort_order", "code"]
        db_table = "capability_indicator"
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [
            ("view_dashboards", _("Can see the indicator dashboards")),
            ("view_all_dashboards", _("Can see the indicator dashboards of every country")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def display_title(self) -> str:
        """The title in the reader's language."""
        return localised(self.title, {"fr": self.title_fr})

    @property
    def is_manual(self) -> bool:
        return not self.computation

    @property
    def is_percentage(self) -> bool:
        return self.unit == Unit.PERCENTAGE

    def disaggregations(self) -> list[str]:
        names = ("country", "sex", "organisation_type", "workshop_kind", "target_type")
        return [name for name in names if getattr(self, f"by_{name}")]


class IndicatorBaseline(models.Model):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: the whole programme."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("year"), FieldPanel("value")]),
        FieldPanel("comment"),
    ]

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "country", "year"]
        db_table = "capability_indicatorbaseline"
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country"], name="capability_baseline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.country or '—'} · {self.year}"


class IndicatorTarget(models.Model):
    """A target for one period: a reporting year, or one quarter when `quarter` is set.

    Targets are cumulative from the programme's start, as the logical framework states them.
    """

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: the whole programme."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=QUARTERS
    )
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    panels = [
        FieldRowPanel(
            [FieldPanel("country"), FieldPanel("year"), FieldPanel("quarter"), FieldPanel("value")]
        )
    ]

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year", "quarter", "country"]
        db_table = "capability_indicatortarget"
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year", "quarter"], name="capability_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.country or '—'} · {self.year}"


class IndicatorValueQuerySet(ScopedQuerySet):
    """Manual values; programme-wide values (no country) are visible to every scoped user."""

    def for_user(self, user):
        ids = country_ids_for(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(models.Q(country__in=ids) | models.Q(country__isnull=True))


class IndicatorValue(FilesEvidence, models.Model):
    """A value entered by hand for a manual indicator (its history is Wagtail's audit log)."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
        limit_choices_to={"computation": ""},
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: the whole programme."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=QUARTERS
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence document"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-year", "-quarter"]
        db_table = "capability_indicatorvalue"
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year", "quarter"], name="capability_value_unique"
            )
        ]

    def __str__(self) -> str:
        period = f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.indicator.code} · {self.country or '—'} · {period}"
