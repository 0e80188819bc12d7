"""The evidence behind outcome indicators: deliverables (plans, protocols, risk assessments)
and the follow-up of trainees months after a workshop (Kirkpatrick level 3)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from capability.register.documents import FilesEvidence
from capability.register.models import Country, Organisation, Person, Workshop
from capability.register.querysets import ScopedQuerySet


class DeliverableKind(models.TextChoices):
    SOP = "sop", _("Standard operating procedure")
    SECURITY_PLAN = "security_plan", _("National or venue security plan")
    COORDINATION_PROTOCOL = "coordination_protocol", _("Coordination protocol")
    PUBLIC_PRIVATE = "public_private", _("Public–private memorandum or forum")
    RISK_ASSESSMENT = "risk_assessment", _("Venue risk assessment")


class VenueType(models.TextChoices):
    AIRPORT = "airport", _("Airport")
    PORT = "port", _("Port")
    STATION = "station", _("Station")
    STADIUM = "stadium", _("Stadium")
    SHOPPING_CENTRE = "shopping_centre", _("Shopping centre")
    RELIGIOUS_SITE = "religious_site", _("Religious site")
    TOURIST_SITE = "tourist_site", _("Tourist site")
    FESTIVAL = "festival", _("Festival")


class DeliverableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    ADOPTED = "adopted", _("Adopted")


class DeliverableQuerySet(ScopedQuerySet):
    def adopted(self):
        return self.filter(status=DeliverableStatus.ADOPTED)

    def risk_assessments(self):
        return self.filter(kind=DeliverableKind.RISK_ASSESSMENT)


class Deliverable(FilesEvidence, models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=DeliverableKind.choices)
    title = models.CharField(_("title"), max_length=255)
    venue_type = models.CharField(
        _("venue type"),
        max_length=32,
        choices=VenueType.choices,
        blank=True,
        help_text=_("For venue risk assessments and venue security plans."),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="deliverables", verbose_name=_("country")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="deliverables", verbose_name=_("organisations")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.DRAFT,
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    evidence = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence document"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = DeliverableQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("venue_type"), FieldPanel("country")]),
        FieldPanel("title"),
        FieldPanel("organisations"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("validated_on"), FieldPanel("adopted_on")]),
        FieldPanel("evidence"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["country", "kind", "title"]
        db_table = "capability_deliverable"
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="adopted") | models.Q(adopted_on__isnull=False),
                name="capability_deliverable_adopted_dated",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="validated") | models.Q(validated_on__isnull=False),
                name="capability_deliverable_validated_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.status == DeliverableStatus.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("An adopted deliverable needs its date.")})
        if self.status == DeliverableStatus.VALIDATED and not self.validated_on:
            raise ValidationError({"validated_on": _("A validated deliverable needs its date.")})


class FollowUpMethod(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation on the job")
    SUPERVISOR = "supervisor", _("Supervisor report")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    EXERCISE = "exercise", _("Exercise performance")


class FollowUpQuerySet(ScopedQuerySet):
    country_path = "person__country"

    def for_listing(self):
        return self.select_related("person", "person__country", "workshop")


class FollowUp(models.Model):
    """Whether a trainee applies what was learned, checked 3–6 months after a workshop."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("person")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("workshop"),
    )
    date = models.DateField(_("date of follow-up"))
    applies_learning = models.BooleanField(_("applies what was learned"))
    method = models.CharField(_("checked by"), max_length=16, choices=FollowUpMethod.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = FollowUpQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("workshop")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("method"), FieldPanel("applies_learning")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-date"]
        db_table = "capability_followup"
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["person", "workshop"], name="capability_follow_up")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.workshop.code}"
