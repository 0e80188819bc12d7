"""Named reads used by pages, views and reports. Each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, PageQuerySet


class CourseQuerySet(PageQuerySet):
    def with_lesson_count(self):
        """Annotate the number of live lessons under each course."""
        from .models import LessonPage

        lessons = (
            LessonPage.objects.live()
            .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
            .order_by()
            .values("depth")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(lesson_count=Subquery(lessons))

    def with_enrolment_of(self, user):
        """Annotate `is_enrolled` for the given user (False for anonymous visitors)."""
        from .models import Enrolment

        if not user.is_authenticated:
            return self.annotate(is_enrolled=Q(pk__in=[]))
        return self.annotate(
            is_enrolled=Exists(
                Enrolment.objects.filter(user=user, course_key=OuterRef("translation_key"))
            )
        )

    def catalogue(self, *, index, user, topic="", audience="", language=""):
        """Live courses for the catalogue, in one language, with optional filters."""
        qs = self.live().public().select_related("locale")
        qs = qs.filter(locale__language_code=language or index.locale.language_code)
        if topic:
            qs = qs.filter(topic=topic)
        if audience:
            qs = qs.filter(audience=audience)
        return qs.with_lesson_count().with_enrolment_of(user).order_by("title")


class EnrolmentQuerySet(models.QuerySet):
    def of_trainee(self, *, user_id: int, course_key):
        """The user's enrolment in a course (any language version), or None.

        Every signed-in course and lesson page runs this read. It is written in SQL because
        compiling the equivalent ORM query costs about twice as long as running it.
        """
        model = self.model
        field = model._meta.get_field("course_key")
        connection = connections[self.db]
        quote = connection.ops.quote_name
        # Identifiers come from the model's own metadata; values are parameters.
        table, column = quote(model._meta.db_table), quote(field.column)
        sql = f"SELECT * FROM {table} WHERE {quote('user_id')} = %s AND {column} = %s"  # noqa: S608
        key = field.get_db_prep_value(course_key, connection)
        return next(iter(model.objects.raw(sql, [user_id, key]).using(self.db)), None)


def catalogue_filters(params) -> dict:
    """Keep only known filter values, so a tampered query string shows the whole catalogue."""
    from django.conf import settings

    from .models.pages import AUDIENCES, TOPICS

    topic = params.get("topic", "")
    audience = params.get("audience", "")
    language = params.get("language", "")
    return {
        "topic": topic if topic in dict(TOPICS) else "",
        "audience": audience if audience in dict(AUDIENCES) else "",
        "language": language if language in dict(settings.LANGUAGES) else "",
    }


@dataclass
class LessonState:
    page: Page
    done: bool
    completed_at: object = None
    url: str | None = None  # set when the progress is computed for a request


@dataclass
class CourseProgress:
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
        return bool(
            self.course.pre_test_id
            and not self.lessons_started
            and not any(a.status in ("submitted", "expired") for a in self.pre_attempts)
        )

    @property
    def post_passed(self) -> bool:
        return any(a.passed for a in self.post_attempts)

    @property
    def post_attempts_left(self):
        """None when unlimited, otherwise how many post-test attempts remain."""
        quiz = self.course.post_test
        if quiz is None or not quiz.attempt_limit:
            return None
        return max(0, quiz.attempt_limit - len(self.post_attempts))

    @property
    def post_test_available(self) -> bool:
        return bool(self.course.post_test_id and self.lessons_done and not self.post_passed)

    @property
    def open_attempt(self):
        return next((a for a in self.attempts if a.status == "open"), None)

    @property
    def steps(self) -> int:
        return len(self.required) + (1 if self.course.post_test_id else 0)

    @property
    def steps_done(self) -> int:
        done = sum(1 for state in self.required if state.done)
        return done + (1 if self.course.post_test_id and self.post_passed else 0)

    @property
    def percent(self) -> int:
        if self.enrolment is None:
            return 0
        if self.enrolment.completed_at or not self.steps:
            return 100 if self.enrolment.completed_at else 0
        return int(100 * self.steps_done / self.steps)

    @property
    def resume(self):
        """The first lesson not done yet, in course order."""
        state = self.resume_state
        return state.page if state else None

    @property
    def resume_state(self) -> LessonState | None:
        """The first lesson not done yet, with its URL when the progress has a request."""
        return next((state for state in self.lessons if not state.done), None)

    @property
    def next_lesson(self):
        state = self.next_state
        return state.page if state else None

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


def course_lessons(course):
    """Live lessons of a course in order, with the fields the outline shows.

    One query per course and page-tree version: the outline is the same for every trainee.
    """
    from .cache import cached
    from .models import LessonPage

    return cached(
        "outline",
        course.pk,
        lambda: list(
            LessonPage.objects.live()
            .child_of(course)
            .order_by("path")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "translation_key",
                "locale_id",
                "required",
            )
        ),
    )


def lesson_urls(*, course, request) -> dict:
    """{lesson id: URL} of the course's live lessons, as `{% pageurl %}` gives them.

    Kept per page-tree version, language and host: building a page URL reverses Wagtail's
    route and compares sites, too slow to repeat for every lesson of every outline.
    """
    from .cache import cached

    return cached(
        "lesson-urls",
        f"{course.pk}:{get_language()}:{request.get_host()}",
        lambda: {page.pk: page.get_url(request=request) for page in course_lessons(course)},
    )


def page_url(page, request) -> str:
    """`{% pageurl %}` of a course page, kept per page-tree version, language and host."""
    from .cache import cached

    return cached(
        "page-url",
        f"{page.pk}:{get_language()}:{request.get_host()}",
        lambda: page.get_url(request=request),
    )


def course_progress(*, course, user, lesson=None, request=None) -> CourseProgress:
    """The trainee's state in a course: lessons done, enrolment, attempts.

    One query (the enrolment) once the outline and the trainee's records are cached; the
    records are keyed by the enrolment's progress version (`courses.progress`). Given the
    request, every lesson state also carries the lesson's URL.
    """
    from .models import Enrolment
    from .progress import trainee_records

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


def lesson_access(*, lesson, request, progress: CourseProgress | None = None):
    """None when the user may read the lesson, otherwise the response that explains why not.

    Given the trainee's `progress` in the course (as the lesson page computes it anyway), it
    decides from it without a query of its own.
    """
    from .models import Enrolment, LessonCompletion, QuizAttempt

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = lesson.get_parent().specific
    if progress is not None:
        if progress.enrolment is None:
            messages.info(request, _("Enrol in this course to read its lessons."))
            return redirect(course.get_url(request=request))
        if progress.pre_test_pending:
            messages.info(request, _("Take the pre-test before the first lesson."))
            return redirect(course.get_url(request=request))
        return None
    enrolment = Enrolment.objects.filter(
        user=request.user, course_key=course.translation_key
    ).first()
    if enrolment is None:
        messages.info(request, _("Enrol in this course to read its lessons."))
        return redirect(course.get_url(request=request))
    if course.pre_test_id:
        started = LessonCompletion.objects.filter(
            user=request.user, course_key=course.translation_key
        ).exists()
        taken = (
            started
            or QuizAttempt.objects.filter(
                user=request.user,
                course_key=course.translation_key,
                kind="pre",
                status__in=["submitted", "expired"],
            ).exists()
        )
        if not taken:
            messages.info(request, _("Take the pre-test before the first lesson."))
            return redirect(course.get_url(request=request))
    return None


def my_learning(*, user) -> list[dict]:
    """Every enrolment of a user with its progress, in the current language where possible."""
    from .models import Enrolment, LessonCompletion, LessonPage, QuizAttempt

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
    passed_post = set(
        QuizAttempt.objects.filter(user=user, kind="post", passed=True).values_list(
            "course_key", flat=True
        )
    )
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
        has_post = bool(course.post_test_id)
        steps = len(required) + (1 if has_post else 0)
        steps_done = sum(1 for lesson in required if lesson["translation_key"] in done)
        steps_done += 1 if has_post and enrolment.course_key in passed_post else 0
        percent = int(100 * steps_done / steps) if steps else 0
        percent = 100 if enrolment.completed_at else percent
        resume = next((lesson for lesson in own if lesson["translation_key"] not in done), None)
        resume_page = lesson_pages.get(resume["translation_key"]) if resume else None
        rows.append(
            {
                "enrolment": enrolment,
                "course": translated.get(enrolment.course_key, course),
                "percent": percent,
                "resume": resume_page,
                "lessons_done": sum(1 for lesson in own if lesson["translation_key"] in done),
                "lesson_count": len(own),
            }
        )
    return rows


def completion_records(*, course, user) -> dict:
    """The trainee's latest certificate for a course and whether the survey awaits them."""
    from .models import Certificate, SurveyResponse

    return {
        "certificate": Certificate.objects.filter(user=user, course_key=course.translation_key)
        .order_by("-completed_at")
        .first(),
        "survey_open": not SurveyResponse.objects.filter(
            user=user, course_key=course.translation_key
        ).exists(),
    }


def my_certificates(*, user) -> list:
    """Every certificate of a user, newest first, with what the list shows (one query)."""
    from .models import Certificate

    return list(Certificate.objects.filter(user=user).order_by("-issued_at"))
