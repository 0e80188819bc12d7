"""Question banks, quizzes and attempts. Grading happens on the server only
(`courses.services.quizzes`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..querysets import QuizAttemptQuerySet


class QuestionBank(models.Model):
    title = models.CharField(max_length=200, verbose_name=_("Title"))
    description = models.TextField(blank=True, verbose_name=_("Description"))

    class Meta:
        verbose_name = _("question bank")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True / false")
        NUMERIC = "numeric", _("Numeric")

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Bank")
    )
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.SINGLE, verbose_name=_("Type")
    )
    text = models.TextField(verbose_name=_("Question"))
    points = models.PositiveSmallIntegerField(default=1, verbose_name=_("Points"))
    partial_credit = models.BooleanField(
        default=False,
        verbose_name=_("Partial credit"),
        help_text=_("Multiple choice: each right choice earns, each wrong one costs."),
    )
    numeric_answer = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, verbose_name=_("Correct number")
    )
    tolerance = models.DecimalField(
        max_digits=14, decimal_places=4, default=0, verbose_name=_("Tolerance (±)")
    )
    feedback = models.TextField(
        blank=True, verbose_name=_("General feedback"), help_text=_("Shown after submission.")
    )
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Order in bank"))
    competency = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("Competency measured"),
        help_text=_(
            "Code of the competency this question measures. A test drawing fewer questions "
            "than its bank holds draws each competency in proportion, so the pre-test and the "
            "post-test measure the same competencies with different questions."
        ),
    )

    panels = [
        FieldPanel("bank"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("points"), FieldPanel("sort_order")]),
        FieldPanel("competency"),
        FieldPanel("text"),
        InlinePanel("options", label=_("Options (choice and true/false questions)")),
        MultiFieldPanel(
            [FieldPanel("partial_credit"), FieldPanel("numeric_answer"), FieldPanel("tolerance")],
            heading=_("Scoring"),
        ),
        FieldPanel("feedback"),
    ]

    class Meta:
        verbose_name = _("question")
        ordering = ["bank", "sort_order", "pk"]

    def __str__(self):
        return self.text[:80]


class Option(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=500, verbose_name=_("Option"))
    is_correct = models.BooleanField(default=False, verbose_name=_("Correct"))
    feedback = models.CharField(max_length=500, blank=True, verbose_name=_("Feedback when chosen"))

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("is_correct"), FieldPanel("feedback")])]

    class Meta(Orderable.Meta):
        verbose_name = _("option")

    def __str__(self):
        return self.text


class Quiz(models.Model):
    class Reveal(models.TextChoices):
        FINISHED = "finished", _("Once passed or every attempt used")
        NEVER = "never", _("Never")

    title = models.CharField(max_length=200, verbose_name=_("Title"))
    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("Bank")
    )
    draw_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name=_("Questions drawn"),
        help_text=_("Draw this many questions at random from the bank; empty means all."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Pass mark (%)"),
    )
    attempt_limit = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("Attempts allowed"), help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("Time limit (minutes)")
    )
    shuffle_questions = models.BooleanField(default=True, verbose_name=_("Shuffle questions"))
    shuffle_options = models.BooleanField(default=True, verbose_name=_("Shuffle options"))
    reveal_answers = models.CharField(
        max_length=10,
        choices=Reveal.choices,
        default=Reveal.FINISHED,
        verbose_name=_("Show the correct answers"),
        help_text=_(
            "After a post-test. A pre-test never shows them: the post-test would measure "
            "what the trainee copied."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("bank"), FieldPanel("draw_count")]),
        FieldRowPanel(
            [FieldPanel("pass_mark"), FieldPanel("attempt_limit"), FieldPanel("time_limit_minutes")]
        ),
        FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
        FieldPanel("reveal_answers"),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title


class QuizAttempt(models.Model):
    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Time ran out")
        RESET = "reset", _("Reset by staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    course_key = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    layout = models.JSONField(
        default=list,
        help_text=_("The drawn questions in order, each with its option ids in order."),
    )
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    matches_pre_test = models.BooleanField(
        null=True,
        blank=True,
        verbose_name=_("Matches the pre-test"),
        help_text=_(
            "Post-test: none of the pre-test's questions and the same competencies, so the "
            "knowledge gain compares like with like."
        ),
    )

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "course_key", "kind"])]

    def __str__(self):
        return f"{self.user} · {self.quiz} · {self.get_status_display()}"

    def question_ids(self) -> list[int]:
        return [item["question"] for item in self.layout]


class Answer(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    selected = models.JSONField(default=list, help_text=_("Chosen option ids"))
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    credit = models.DecimalField(
        max_digits=5, decimal_places=4, default=0, help_text=_("Fraction of the points earned")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.question_id} · {self.credit}"
