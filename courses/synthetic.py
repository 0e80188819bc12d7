"""Synthetic courses, enrolments, lesson progress and quiz attempts (`generate_synthetic`).

Twenty courses of ten lessons sit in the catalogue whatever the scale; what grows is the
progress: four enrolments per trainee account and about 2.8 lesson completions per
enrolment (1.1 million at scale 100). Account number 0 is enrolled in every course, has taken
every pre-test and is part-way through each: the benchmark reads "My learning" as that user.
Imports nothing from other plugins.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from .models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Option,
    Question,
    QuestionBank,
    Quiz,
    QuizAttempt,
)

COURSES = 20
LESSONS = 10
ENROLMENTS_PER_USER = 4
# Lessons done per enrolment; 10 means the whole course, post-test passed (mean ~2.8).
LESSONS_DONE = (0, 0, 1, 2, 2, 3, 3, 4, LESSONS)
BATCH = 5_000
SLUG_PREFIX = "synthetic-course-"


def course_slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number:02d}"


@transaction.atomic
def generate(*, scale: float, users: list[int], seed: int, stdout=None) -> dict[str, int]:
    if CoursePage.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise RuntimeError("Synthetic courses already exist in this database.")
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    pre, post = _quizzes()
    courses = _courses(pre, post, COURSES if scale >= 1 else 2)  # tests: fractions of scale
    lessons = {
        course.pk: list(
            LessonPage.objects.child_of(course).order_by("path").values_list("translation_key")
        )
        for course in courses
    }
    layout = [
        {"question": q.pk, "options": [o.pk for o in q.options.all()]}
        for q in pre.bank.questions.prefetch_related("options")
    ]
    now = timezone.now()
    counts = {"courses": len(courses), "enrolments": 0, "lesson completions": 0, "attempts": 0}
    pending = {"enrolments": [], "completions": [], "attempts": []}

    def flush(force=False):
        for key, model in (
            ("enrolments", Enrolment),
            ("completions", LessonCompletion),
            ("attempts", QuizAttempt),
        ):
            if pending[key] and (force or len(pending[key]) >= BATCH):
                model.objects.bulk_create(pending[key], batch_size=BATCH)
                pending[key] = []

    for number, user_id in enumerate(users):
        if number == 0:
            chosen = list(range(len(courses)))
        else:
            chosen = rng.sample(range(len(courses)), min(ENROLMENTS_PER_USER, len(courses)))
        for index in chosen:
            course = courses[index]
            done = rng.choice(LESSONS_DONE) if number else index % LESSONS
            finished = done == LESSONS
            pre_score = Decimal(rng.randrange(20, 80))
            post_score = Decimal(rng.randrange(70, 101)) if finished else None
            when = now - timedelta(days=rng.randrange(1, 700))
            pending["enrolments"].append(
                Enrolment(
                    user_id=user_id,
                    course=course,
                    course_key=course.translation_key,
                    source=Enrolment.Source.SELF,
                    pre_score=pre_score,
                    post_score=post_score,
                    completed_at=when + timedelta(days=14) if finished else None,
                )
            )
            pending["completions"].extend(
                LessonCompletion(user_id=user_id, lesson_key=key, course_key=course.translation_key)
                for (key,) in lessons[course.pk][:done]
            )
            attempts = [("pre", pre, pre_score)]
            if finished:
                attempts.append(("post", post, post_score))
            pending["attempts"].extend(
                QuizAttempt(
                    user_id=user_id,
                    quiz=quiz,
                    course=course,
                    course_key=course.translation_key,
                    kind=kind,
                    status=QuizAttempt.Status.SUBMITTED,
                    layout=layout,
                    submitted_at=when,
                    score=score,
                    passed=score >= course.pass_mark if kind == "post" else None,
                )
                for kind, quiz, score in attempts
            )
            counts["enrolments"] += 1
            counts["lesson completions"] += done
            counts["attempts"] += len(attempts)
        flush()
    flush(force=True)
    return counts


def _quizzes() -> tuple[Quiz, Quiz]:
    bank = QuestionBank.objects.create(title="Synthetic bank")
    for number in range(1, 6):
        question = Question.objects.create(
            bank=bank, kind="single", text=f"Synthetic question {number}?", sort_order=number
        )
        Option.objects.bulk_create(
            [
                Option(question=question, text="Right", is_correct=True, sort_order=0),
                Option(question=question, text="Wrong", sort_order=1),
            ]
        )
    pre = Quiz.objects.create(title="Synthetic pre-test", bank=bank, attempt_limit=1)
    post = Quiz.objects.create(title="Synthetic post-test", bank=bank)
    return pre, post


def _lesson_body() -> list:
    """The body of a real demo lesson when there is one: the benchmark weighs real content."""
    sample = LessonPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if sample is not None:
        return sample.body.get_prep_value()
    return [
        {"type": "heading", "value": {"text": "Synthetic lesson", "level": "h2"}},
        {"type": "paragraph", "value": "<p>" + "Synthetic lesson text. " * 80 + "</p>"},
    ]


def _courses(pre: Quiz, post: Quiz, count: int) -> list[CoursePage]:
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    index = CourseIndexPage.objects.filter(locale=locale).first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = CourseIndexPage(title="Courses", slug="courses", locale=locale)
        home.add_child(instance=index)
    body = _lesson_body()
    topics = ["risk", "command", "protection", "response", "cooperation"]
    courses = []
    for number in range(1, count + 1):
        course = CoursePage(
            title=f"Synthetic course {number:02d}",
            slug=course_slug(number),
            summary="A generated course used to measure pages at scale.",
            objectives="<ul><li>Measure</li><li>Compare</li></ul>",
            topic=topics[number % len(topics)],
            estimated_hours=Decimal("2.5"),
            pass_mark=70,
            pre_test=pre,
            post_test=post,
            locale=locale,
        )
        index.add_child(instance=course)
        for lesson in range(1, LESSONS + 1):
            course.add_child(
                instance=LessonPage(
                    title=f"Lesson {lesson:02d}",
                    slug=f"lesson-{lesson:02d}",
                    body=body,
                    estimated_minutes=15,
                    required=lesson < LESSONS,  # the last lesson is optional
                    locale=locale,
                )
            )
        courses.append(course)
    return courses
