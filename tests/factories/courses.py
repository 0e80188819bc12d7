"""The courses plugin: catalogue, courses and lessons in the page tree, question banks and
quizzes, and the records learning leaves (enrolments, attempts, certificates, surveys).

Pages are real pages under the default site's root (`tests.factories.site.site_root`), made
with Wagtail's `add_child` through wagtail-factories. Records made here are rows only: to
take a course the way a trainee does (xAPI statements, certificates issued on completion),
go through the services (`courses.services`).
"""

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from courses.models import (
    Certificate,
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    Option,
    Question,
    QuestionBank,
    Quiz,
    QuizAttempt,
    SurveyResponse,
)

from .accounts import TraineeFactory
from .site import site_root


class QuestionBankFactory(DjangoModelFactory):
    """A bank; `questions=True` fills it with one question of every kind, one point each:
    single ("Single?"), multiple ("Multi?"), multiple with partial credit ("Partial?"),
    true/false ("True?") and numeric ("Number?", 10 ± 0.5)."""

    class Meta:
        model = QuestionBank
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bank {n}")

    @factory.post_generation
    def questions(bank, create, extracted, **_kwargs):
        if create and extracted:
            one_of_every_kind(bank)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}?")
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def options(question, create, extracted, **_kwargs):
        """`options=[("text", is_correct), ...]`."""
        if create and extracted:
            for text, correct in extracted:
                OptionFactory(question=question, text=text, is_correct=correct)


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False


def one_of_every_kind(bank: QuestionBank) -> QuestionBank:
    single = QuestionFactory(bank=bank, kind="single", text="Single?", sort_order=1)
    OptionFactory(question=single, text="right", is_correct=True, feedback="Yes!")
    OptionFactory(question=single, text="wrong", feedback="No: think again.")
    QuestionFactory(
        bank=bank,
        kind="multiple",
        text="Multi?",
        sort_order=2,
        options=[("a", True), ("b", True), ("c", False), ("d", False)],
    )
    QuestionFactory(
        bank=bank,
        kind="multiple",
        text="Partial?",
        partial_credit=True,
        sort_order=3,
        options=[("p", True), ("q", True), ("r", False), ("s", False)],
    )
    QuestionFactory(
        bank=bank,
        kind="true_false",
        text="True?",
        sort_order=4,
        options=[("True", True), ("False", False)],
    )
    QuestionFactory(
        bank=bank, kind="numeric", text="Number?", numeric_answer=10, tolerance=0.5, sort_order=5
    )
    return bank


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    bank = factory.SubFactory(QuestionBankFactory, questions=True)
    pass_mark = 70


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    """The catalogue ("/<lang>/courses/"): one per parent, found again if it exists."""

    class Meta:
        model = CourseIndexPage
        django_get_or_create = ("parent", "slug")

    title = "Courses"
    slug = "courses"
    parent = factory.LazyFunction(site_root)


class CoursePageFactory(wagtail_factories.PageFactory):
    """A live course in the catalogue with a pre-test (one attempt, questions in order) and a
    post-test (pass mark 70) drawn from one bank of every kind of question, the competency
    RISK-ASSESS at level 2, and `lessons=n` lessons "Lesson 1"… (none by default).

    `pre_test=None` or `post_test=None` leaves a test out; `bank=` shares a bank;
    `post_test__attempt_limit=2` and the like set the post-test's rules."""

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    class Params:
        bank = factory.SubFactory(QuestionBankFactory, questions=True)

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course about protecting crowded places."
    objectives = "<p>Learn.</p>"
    topic = "risk"
    pass_mark = 70
    self_enrolment = True
    pre_test = factory.SubFactory(
        QuizFactory,
        title=factory.LazyAttribute(lambda quiz: f"Pre: {quiz.factory_parent.title}"),
        bank=factory.SelfAttribute("..bank"),
        attempt_limit=1,
        shuffle_questions=False,
    )
    post_test = factory.SubFactory(
        QuizFactory,
        title=factory.LazyAttribute(lambda quiz: f"Post: {quiz.factory_parent.title}"),
        bank=factory.SelfAttribute("..bank"),
        pass_mark=70,
    )
    competencies = factory.LazyFunction(lambda: [CourseCompetency(code="RISK-ASSESS", level=2)])
    parent = factory.SubFactory(CourseIndexPageFactory)

    @factory.post_generation
    def lessons(course, create, extracted, **kwargs):
        """`lessons=n`: n live lessons "Lesson 1"… (slugs lesson-1…), in order."""
        if create and extracted:
            for number in range(1, extracted + 1):
                LessonPageFactory(
                    parent=course,
                    title=f"Lesson {number}",
                    slug=f"lesson-{number}",
                    body=[("paragraph", f"<p>Text of lesson {number}.</p>")],
                    **kwargs,
                )


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = factory.LazyAttribute(lambda lesson: [("paragraph", f"<p>Text of {lesson.title}.</p>")])
    parent = factory.SubFactory(CoursePageFactory)


class EnrolmentFactory(DjangoModelFactory):
    """An enrolment row (no xAPI statement: enrol through `enrolment_create` for that)."""

    class Meta:
        model = Enrolment

    user = factory.SubFactory(TraineeFactory)
    course = factory.SubFactory(CoursePageFactory)
    course_key = factory.SelfAttribute("course.translation_key")


class QuizAttemptFactory(DjangoModelFactory):
    """A submitted pre-test attempt with no questions laid out (a record, not a quiz taken:
    `attempt_start`/`attempt_submit` take one)."""

    class Meta:
        model = QuizAttempt

    user = factory.SubFactory(TraineeFactory)
    course = factory.SubFactory(CoursePageFactory)
    course_key = factory.SelfAttribute("course.translation_key")
    kind = QuizAttempt.Kind.PRE
    quiz = factory.LazyAttribute(
        lambda attempt: (
            attempt.course.pre_test if attempt.kind == "pre" else attempt.course.post_test
        )
    )
    status = QuizAttempt.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    score = 50
    passed = False


class CertificateFactory(DjangoModelFactory):
    """A certificate of a completion (`certificate_issue` issues one with its statement)."""

    class Meta:
        model = Certificate

    user = factory.SubFactory(TraineeFactory)
    course = factory.SubFactory(CoursePageFactory)
    course_key = factory.SelfAttribute("course.translation_key")
    completed_at = factory.LazyFunction(timezone.now)
    code = factory.Sequence(lambda n: "TESTCERT" + base32(n, 8))
    holder_name = factory.LazyAttribute(lambda cert: cert.user.get_full_name() or cert.user.email)
    course_title = factory.SelfAttribute("course.title")
    language = factory.LazyAttribute(lambda cert: cert.course.locale.language_code)
    hours = factory.SelfAttribute("course.estimated_hours")
    competencies = factory.LazyAttribute(lambda cert: cert.course.competency_list())
    issued_at = factory.SelfAttribute("completed_at")


class SurveyResponseFactory(DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    user = factory.SubFactory(TraineeFactory)
    course = factory.SubFactory(CoursePageFactory)
    course_key = factory.SelfAttribute("course.translation_key")
    relevance = 4
    clarity = 4
    applicability = 4


def base32(number: int, width: int) -> str:
    """`number` in the certificate codes' alphabet (RFC 4648 base32), `width` characters."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 32)
        digits.append(alphabet[digit])
    return "".join(reversed(digits))
