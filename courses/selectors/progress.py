"""A trainee's progress in a course, defined once.

`progress_percent()` is the definition: the share of a course's required lessons done
(shown with it as "2 of 4 lessons"), 100 once the course is complete. The post-test is
not a step of it: trainees read "4 of 4 lessons, 80 %" as a bug; the course page says
separately that the post-test comes next. The course and lesson pages
(`CourseProgress`), My learning (`my_learning`) and the staff report, in SQL
(`enrolments_with_progress`), all compute it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils.translation import get_language
from wagtail.models import Page

from .. import access
from ..models import Enrolment, LessonCompletion, LessonPage, QuizAttempt
from ..progress import trainee_records
from .catalogue import course_lessons, lesson_urls
from .enrolment import enrolment_of


def progress_percent(*, required: int, required_done: int, completed: bool) -> int:
    """Progress in a course, 0–100 (see the module docstring)."""
    if completed:
        return 100
    return int(100 * required_done / required) if required else 0


def required_lesson_keys(course) -> list:
    """Translation keys of the course's live required lessons."""
    return list(
        LessonPage.objects.live()
        .child_of(course)
        .filter(required=True)
        .values_list("translation_key", flat=True)
    )


def required_lessons_done(*, user_id: int, course) -> bool:
    """Whether the trainee has done every live required lesson of the course."""
    done = set(
        LessonCompletion.objects.filter(
            user_id=user_id, course_key=course.translation_key
        ).values_list("lesson_key", flat=True)
    )
    return set(required_lesson_keys(course)) <= done


def lessons_started(*, user_id: int, course_key) -> bool:
    """Whether the trainee has done any lesson of the course."""
    return LessonCompletion.objects.filter(user_id=user_id, course_key=course_key).exists()


def pre_test_taken(*, user_id: int, course_key) -> bool:
    """Whether a pre-test attempt was submitted or expired (reset ones do not count)."""
    return (
        QuizAttempt.objects.filter(user_id=user_id, course_key=course_key, kind="pre")
        .closed()
        .exists()
    )


def post_test_passed(*, user_id: int, course_key) -> bool:
    """Whether the trainee passed the post-test (an attempt reset by staff does not count)."""
    return (
        QuizAttempt.objects.filter(user_id=user_id, course_key=course_key, kind="post", passed=True)
        .not_reset()
        .exists()
    )


def lesson_access_facts(*, user, course) -> dict:
    """What `access.lesson_refusal` needs, read without the page's progress (lazily: nothing
    about the pre-test when the course has none, or when lessons have begun)."""
    key = course.translation_key
    if enrolment_of(user_id=user.pk, course_key=key) is None:
        return {"enrolled": False, "pre_test_pending": False}
    pending = False
    if course.pre_test_id:
        started = lessons_started(user_id=user.pk, course_key=key)
        taken = False if started else pre_test_taken(user_id=user.pk, course_key=key)
        pending = access.pre_test_pending(
            course=course, lessons_started=started, pre_test_taken=taken
        )
    return {"enrolled": True, "pre_test_pending": pending}


@dataclass
class LessonState:
    page: Page
    done: bool
    completed_at: object = None
    url: str | None = None  # set when the progress is computed for a request


@dataclass
class CourseProgress:
    """The trainee's state in a course, as the course and lesson pages show it."""

    course: Page
    lessons: list[LessonState] = field(default_factory=list)
    enrolment: object | None = None
    attempts: list = field(default_factory=list)
    current_lesson: Page | None = None

    @property
    def required(self) -> list[LessonState]:
        return [state for state in self.lessons if state.page.required]

    @property
    def lessons_done(self) -> bool:
        return all(state.done for state in self.required)

    @property
    def lessons_started(self) -> bool:
        return any(state.done for state in self.lessons)

    def _attempts(self, kind):
        return [a for a in self.attempts if a.kind == kind and a.status != "reset"]

    @property
    def pre_attempts(self):
        return self._attempts("pre")

    @property
    def post_attempts(self):
        return self._attempts("post")

    @property
    def pre_test_pending(self) -> bool:
        """The course has a pre-test the trainee must take before the first lesson."""
        return access.pre_test_pending(
            course=self.course,
            lessons_started=self.lessons_started,
            pre_test_taken=any(a.status in ("submitted", "expired") for a in self.pre_attempts),
        )

    @property
    def lesson_refusal(self) -> str | None:
        """Why the trainee may not read the lessons yet; None when they may."""
        return access.lesson_refusal(
            enrolled=self.enrolment is not None, pre_test_pending=self.pre_test_pending
        )

    @property
    def lessons_open(self) -> bool:
        return self.lesson_refusal is None

    @property
    def post_passed(self) -> bool:
        return any(a.passed for a in self.post_attempts)

    @property
    def post_attempts_left(self):
        """None when unlimited, otherwise how many post-test attempts remain."""
        return access.attempts_left(quiz=self.course.post_test, used=len(self.post_attempts))

    @property
    def post_test_available(self) -> bool:
        return bool(self.course.post_test_id) and (
            access.post_test_refusal(
                required_lessons_done=self.lessons_done, completed=self.post_passed
            )
            is None
        )

    @property
    def open_attempt(self):
        return next((a for a in self.attempts if a.status == "open"), None)

    @property
    def percent(self) -> int:
        if self.enrolment is None:
            return 0
        return progress_percent(
            required=len(self.required),
            required_done=self.required_done,
            completed=bool(self.enrolment.completed_at),
        )

    @property
    def required_done(self) -> int:
        return sum(1 for state in self.required if state.done)

    @property
    def resume_state(self) -> LessonState | None:
        """The first lesson not done yet, with its URL when the progress has a request."""
        return next((state for state in self.lessons if not state.done), None)

    @property
    def next_state(self) -> LessonState | None:
        """The lesson after the current one (with its URL when the progress has a request)."""
        if self.current_lesson is None:
            return None
        ids = [state.page.pk for state in self.lessons]
        if self.current_lesson.pk in ids:
            index = ids.index(self.current_lesson.pk)
            if index + 1 < len(ids):
                return self.lessons[index + 1]
        return None

    @property
    def current_done(self) -> bool:
        return any(
            s.done for s in self.lessons if s.page.pk == getattr(self.current_lesson, "pk", 0)
        )


def course_progress(*, course, user, lesson=None, request=None) -> CourseProgress:
    """The trainee's state in a course: lessons done, enrolment, attempts.

    One query (the enrolment) once the outline and the trainee's records are cached; the
    records are keyed by the enrolment's progress version (`courses.progress`). Given the
    request, every lesson state also carries the lesson's URL.
    """
    lessons = course_lessons(course)
    progress = CourseProgress(course=course, current_lesson=lesson)
    done_keys = {}
    if user.is_authenticated:
        progress.enrolment = Enrolment.objects.of_trainee(
            user_id=user.pk, course_key=course.translation_key
        )
        if progress.enrolment is not None:
            done_keys, progress.attempts = trainee_records(progress.enrolment)
    urls = lesson_urls(course=course, request=request) if request is not None else {}
    progress.lessons = [
        LessonState(
            page=p,
            done=p.translation_key in done_keys,
            completed_at=done_keys.get(p.translation_key),
            url=urls.get(p.pk),
        )
        for p in lessons
    ]
    return progress


def my_learning(*, user) -> list[dict]:
    """Every enrolment of a user with its progress, in the current language where possible."""
    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("course").order_by("-enrolled_at")
    )
    if not enrolments:
        return []
    path_filter = Q()
    for enrolment in enrolments:
        path_filter |= Q(path__startswith=enrolment.course.path, depth=enrolment.course.depth + 1)
    lessons = list(
        LessonPage.objects.live()
        .filter(path_filter)
        .order_by("path")
        .values("id", "path", "translation_key", "required", "title")
    )
    done = set(LessonCompletion.objects.filter(user=user).values_list("lesson_key", flat=True))
    keys = [e.course_key for e in enrolments]
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=get_language())
        .only("id", "title", "url_path", "translation_key", "locale_id")
    }
    lesson_keys = [lesson["translation_key"] for lesson in lessons]
    lesson_pages = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(translation_key__in=lesson_keys, locale__language_code=get_language())
        .only("id", "title", "url_path", "translation_key", "locale_id")
    }
    rows = []
    for enrolment in enrolments:
        course = enrolment.course
        own = [lesson for lesson in lessons if lesson["path"].startswith(course.path)]
        required = [lesson for lesson in own if lesson["required"]]
        required_done = sum(1 for lesson in required if lesson["translation_key"] in done)
        resume = next((lesson for lesson in own if lesson["translation_key"] not in done), None)
        rows.append(
            {
                "enrolment": enrolment,
                "course": translated.get(enrolment.course_key, course),
                "percent": progress_percent(
                    required=len(required),
                    required_done=required_done,
                    completed=bool(enrolment.completed_at),
                ),
                "resume": lesson_pages.get(resume["translation_key"]) if resume else None,
                "lessons_done": required_done,
                "lesson_count": len(required),
            }
        )
    return rows


def enrolments_with_progress(course):
    """Enrolments in every language version of a course, each annotated with `percent`
    (`progress_percent()` in SQL), the `lessons_done` over `lessons_required` it counts,
    and `post_passed`."""
    required = required_lesson_keys(course)
    done = (
        LessonCompletion.objects.filter(
            user_id=OuterRef("user_id"), course_key=OuterRef("course_key"), lesson_key__in=required
        )
        .order_by()
        .values("course_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    passed = QuizAttempt.objects.filter(
        user_id=OuterRef("user_id"), course_key=OuterRef("course_key"), kind="post", passed=True
    ).not_reset()
    return (
        Enrolment.objects.filter(course_key=course.translation_key)
        .annotate(
            lessons_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
            lessons_required=Value(len(required), output_field=IntegerField()),
            post_passed=Exists(passed),
        )
        .annotate(
            # The condition is a lookup, not a Q: through a Q, aggregate() would not see the
            # subqueries (`contains_subquery`) and would repeat them in every bucket of the
            # course summary instead of computing them once per enrolment.
            percent=Case(
                When(IsNull(F("completed_at"), False), then=Value(100)),
                default=F("lessons_done") * 100 / Value(max(len(required), 1)),
                output_field=IntegerField(),
            )
        )
        .select_related("user", "course__locale")
    )
