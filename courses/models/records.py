"""Certificates, reaction surveys and xAPI statements: what a completion leaves behind."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import CertificateQuerySet, XapiStatementQuerySet


class Certificate(models.Model):
    """Proof of one completion. The PDF is rendered from these fields on every download, so
    it never drifts from the record; names and titles are copied at issue time on purpose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(
        verbose_name=_("Completed at"), help_text=_("The completion this certificate proves.")
    )
    code = models.CharField(max_length=16, unique=True, verbose_name=_("Verification code"))
    holder_name = models.CharField(max_length=300, verbose_name=_("Holder"))
    course_title = models.CharField(max_length=255, verbose_name=_("Course"))
    language = models.CharField(max_length=10, verbose_name=_("Language"))
    hours = models.DecimalField(max_digits=4, decimal_places=1, verbose_name=_("Hours"))
    competencies = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("Issued at"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Revoked at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(blank=True, verbose_name=_("Reason for revocation"))
    # Set when the holder's account is erased (GDPR article 17): the name is gone, the
    # record stays (it is counted among the certificates issued).
    holder_erased_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("Holder erased at")
    )
    # Set by the conditional UPDATE that claims the expiry reminder: one email per certificate.
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("Expiry reminder sent at")
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key", "completed_at"], name="one_certificate_per_completion"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="revocation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code_display} · {self.holder_display} · {self.course_title}"

    @property
    def holder_display(self) -> str:
        """The holder's name, or a note that it was erased at their request."""
        if self.holder_erased_at:
            return str(_("Erased at the holder’s request"))
        return self.holder_name

    @property
    def code_display(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def status(self, *, now=None) -> str:
        """valid, expired or revoked (revocation wins over expiry)."""
        now = now or timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= now:
            return "expired"
        return "valid"


class SurveyResponse(models.Model):
    """A trainee's reaction to a course (Kirkpatrick level 1), answered at most once."""

    RATING = [MinValueValidator(1), MaxValueValidator(5)]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_responses"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="survey_responses"
    )
    course_key = models.UUIDField(db_index=True)
    relevance = models.PositiveSmallIntegerField(validators=RATING, verbose_name=_("Relevance"))
    clarity = models.PositiveSmallIntegerField(validators=RATING, verbose_name=_("Clarity"))
    applicability = models.PositiveSmallIntegerField(
        validators=RATING, verbose_name=_("Applicability to my job")
    )
    comment = models.TextField(blank=True, max_length=4000, verbose_name=_("Comments"))
    submitted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Submitted at"))

    class Meta:
        verbose_name = _("survey response")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="one_survey_per_course"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"survey_{name}_1_to_5",
                )
                for name in ("relevance", "clarity", "applicability")
            ],
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"


class XapiStatement(models.Model):
    """One xAPI 1.0.3 statement; the table is also the outbox towards the LRS.

    The statement id is the primary key: sending it twice is harmless (the LRS keeps the
    first). `status`: pending (waiting, or retried after a temporary failure, at
    `next_attempt_at`), sent, or failed (the LRS rejected this statement: `last_error` holds
    its answer; staff may retry it). `claim` marks the rows a worker is sending right now.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="xapi_statements",
    )
    verb = models.CharField(max_length=200, db_index=True)
    statement = models.JSONField()
    timestamp = models.DateTimeField(db_index=True)
    stored = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("Status")
    )
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)

    objects = XapiStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("xAPI statement")
        ordering = ["-timestamp"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="xapi_due_idx"),
            models.Index(fields=["claim"], name="xapi_claim_idx"),
        ]

    def __str__(self):
        return f"{self.verb.rsplit('/', 1)[-1]} · {self.timestamp:%Y-%m-%d %H:%M}"
