from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..querysets import AttendanceQuerySet, WorkshopQuerySet
from .choices import AttendanceRole, ResultArea, TargetType, WorkshopKind
from .competencies import Competency
from .people import Person
from .places import Country

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Workshop(models.Model):
    """An in-person event. Its trainers are the attendances with the role "trainer"."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Short reference, e.g. gh-2025-03.")
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=WorkshopKind.choices)
    result_area = models.CharField(_("result area"), max_length=2, choices=ResultArea.choices)
    target_type = models.CharField(
        _("target type"), max_length=32, choices=TargetType.choices, blank=True
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(
        _("hours of training"),
        max_digits=6,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="workshops", verbose_name=_("competencies addressed")
    )
    competency_level = models.PositiveSmallIntegerField(
        _("level given to certified participants"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    online_course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked online course"),
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        # The listings' default order (workshops, and attendance by workshop date).
        indexes = [models.Index(fields=["start_date"], name="cap_workshop_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="capability_workshop_dates_ordered",
            ),
            # Codes keep the case they are typed in, and are unique whatever the case.
            models.UniqueConstraint(
                Lower("code"),
                name="capability_workshop_code_unique_ci",
                violation_error_message=_(
                    "A workshop with this code already exists (codes ignore upper and lower case)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d/%m/%Y})"


class Attendance(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("person")
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("workshop")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=AttendanceRole.choices, default=AttendanceRole.PARTICIPANT
    )
    days_attended = models.DecimalField(
        _("days attended"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    pre_test_score = models.DecimalField(
        _("pre-test score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    post_test_score = models.DecimalField(
        _("post-test score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    certified = models.BooleanField(_("certified"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["workshop", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "workshop"], name="capability_attendance_once_per_workshop"
            ),
            models.CheckConstraint(
                condition=models.Q(pre_test_score__gte=0, pre_test_score__lte=100)
                | models.Q(pre_test_score__isnull=True),
                name="capability_attendance_pre_pct",
            ),
            models.CheckConstraint(
                condition=models.Q(post_test_score__gte=0, post_test_score__lte=100)
                | models.Q(post_test_score__isnull=True),
                name="capability_attendance_post_pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.workshop}"
