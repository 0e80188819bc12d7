"""Enrolments and progress, keyed by translation keys so they survive a change of language."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import EnrolmentQuerySet


class Enrolment(models.Model):
    """A trainee in a course; also holds pre/post scores and the completion date.

    Other plugins read this table: `course_key` is the CoursePage translation_key, shared by
    every language version; `pre_score` and `post_score` are percentages (0–100).
    """

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        STAFF = "staff", _("Enrolled by staff")
        IMPORT = "import", _("Bulk import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="enrolments",
        help_text=_("The language version the trainee enrolled in."),
    )
    course_key = models.UUIDField(db_index=True, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    enrolled_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Enrolled at"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pre_score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("Pre-test score")
    )
    post_score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("Post-test score")
    )
    matched_forms = models.BooleanField(
        default=False,
        verbose_name=_("Matched pre- and post-test"),
        help_text=_(
            "The post-test score comes from other questions measuring the pre-test's "
            "competencies: only such pairs count in the knowledge gain."
        ),
    )
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Completed at"))
    # A new value with every change to the trainee's lesson completions or quiz attempts in
    # this course (`courses.progress`): the cached progress is keyed by it, so it is read
    # fresh from this row on every page and never outlives a change, whatever the cache.
    progress_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # xAPI `context.registration` of every statement about this enrolment: one UUID, fixed.
    registration = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("xAPI registration")
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="one_enrolment_per_course"),
            models.CheckConstraint(
                condition=models.Q(pre_score__gte=0, pre_score__lte=100)
                | models.Q(pre_score__isnull=True),
                name="pre_score_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(post_score__gte=0, post_score__lte=100)
                | models.Q(post_score__isnull=True),
                name="post_score_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @property
    def knowledge_gain(self):
        """Post − pre in points of percentage, or None until both tests are taken on
        matched forms (the same questions twice measure memory, not learning)."""
        if self.pre_score is None or self.post_score is None or not self.matched_forms:
            return None
        return self.post_score - self.pre_score


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson_key = models.UUIDField(help_text=_("translation_key of the LessonPage"))
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="one_completion_per_lesson")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson_key} · {self.completed_at:%Y-%m-%d}"


class AttemptReset(models.Model):
    """Audit trail: who reset which attempt and why."""

    attempt = models.ForeignKey(
        "courses.QuizAttempt", on_delete=models.CASCADE, related_name="resets"
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(verbose_name=_("Reason"))
    reset_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attempt reset")

    def __str__(self):
        return f"{self.attempt} · {self.reason[:60]}"


class RegistrationRequest(models.Model):
    """A request staff approve or decline, of one of two kinds:

    - a self-registration (`user` set): an inactive account waiting to be activated;
    - a request for access to a course (`course` set, no account yet): a visitor, or a
      trainee not enrolled, asks staff of `country` to give them an account and enrol them.
      Asking again for the same course while the request waits merges into it (one pending
      request per address and course, held by the database).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registration_request",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("Course"),
    )
    course_key = models.UUIDField(null=True, blank=True, editable=False)
    email = models.EmailField(blank=True, verbose_name=_("Email"))
    first_name = models.CharField(max_length=150, blank=True, verbose_name=_("First name"))
    last_name = models.CharField(max_length=150, blank=True, verbose_name=_("Last name"))
    country = models.CharField(max_length=2, blank=True, verbose_name=_("Country"))
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("Organisation"))
    message = models.TextField(blank=True, verbose_name=_("Message"))
    language = models.CharField(max_length=10, blank=True, verbose_name=_("Language"))
    times_requested = models.PositiveIntegerField(default=1, verbose_name=_("Times requested"))
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Requested at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved = models.BooleanField(null=True, verbose_name=_("Approved"))
    decline_reason = models.TextField(blank=True, verbose_name=_("Reason for declining"))
    enrolment = models.ForeignKey(
        "courses.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Enrolment"),
    )

    class Meta:
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True, course__isnull=False)
                | models.Q(user__isnull=False, course__isnull=True),
                name="registration_request_is_one_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True, approved__isnull=True)
                | models.Q(decided_at__isnull=False, approved__isnull=False),
                name="registration_request_decided_once",
            ),
            models.UniqueConstraint(
                fields=["email", "course_key"],
                condition=models.Q(decided_at__isnull=True, course_key__isnull=False),
                name="one_pending_access_request_per_course",
            ),
        ]

    def __str__(self):
        return f"{self.requester_email} · {self.requested_at:%Y-%m-%d}"

    @property
    def requester_email(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def requester_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name()
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def status(self) -> str:
        if self.decided_at is None:
            return str(_("Waiting for a decision"))
        return str(_("Approved") if self.approved else _("Declined"))
