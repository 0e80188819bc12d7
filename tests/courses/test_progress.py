"""Enrolment, lesson completion, course completion and its signal, progress across languages."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from courses.models import Certificate, Enrolment, LessonCompletion, LessonPage
from courses.selectors.progress import course_progress, enrolments_with_progress, my_learning
from courses.services.certificates import certificate_renewal_start
from courses.services.enrolment import enrolment_create
from courses.services.errors import CourseError
from courses.services.progress import enrolment_complete_if_done, lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit
from courses.signals import course_completed

from .conftest import answers_for


@pytest.fixture
def received():
    calls = []

    def receiver(**kwargs):
        calls.append(kwargs)

    course_completed.connect(receiver)
    yield calls
    course_completed.disconnect(receiver)


def _take(course, user, kind, right=True):
    attempt = attempt_start(user=user, course=course, kind=kind)
    return attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, right=right))


def test_completion_is_recorded_once_and_signals_once(
    make_course, trainee, received, django_capture_on_commit_callbacks
):
    course = make_course(lessons=2, attempt_limit=0)
    enrolment_create(user=trainee, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        _take(course, trainee, "pre", right=False)
        for lesson in course.lessons():
            lesson_complete(user=trainee, lesson=lesson)
        assert Enrolment.objects.get(user=trainee).completed_at is None  # post-test missing
        _take(course, trainee, "post", right=False)
        assert Enrolment.objects.get(user=trainee).completed_at is None  # not passed
        _take(course, trainee, "post", right=True)
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.completed_at is not None
    assert len(received) == 1
    call = received[0]
    assert call["user"] == trainee
    assert call["course"].pk == course.pk
    assert call["completed_at"] == enrolment.completed_at
    # No name of its own nor in a register: the code stands for the name.
    assert call["competencies"] == [{"code": "RISK-ASSESS", "level": 2, "name": "RISK-ASSESS"}]
    # completing a lesson again, or re-checking, never sends it twice
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=trainee, lesson=course.lessons().first())
        enrolment_complete_if_done(enrolment=enrolment, course=course)
        stale = Enrolment.objects.get(pk=enrolment.pk)
        stale.completed_at = None  # a concurrent request that read the row before completion
        enrolment_complete_if_done(enrolment=stale, course=course)
    assert len(received) == 1
    assert LessonCompletion.objects.filter(user=trainee).count() == 2


def test_signal_is_not_sent_when_the_transaction_rolls_back(
    make_course, trainee, received, django_capture_on_commit_callbacks
):
    course = make_course(lessons=1, pre=False, post=False)
    enrolment_create(user=trainee, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                lesson_complete(user=trainee, lesson=course.lessons().first())
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert received == []
    assert Enrolment.objects.get(user=trainee).completed_at is None


def test_course_without_tests_completes_with_its_lessons(make_course, trainee, received):
    course = make_course(lessons=2, pre=False, post=False)
    enrolment_create(user=trainee, course=course)
    for lesson in course.lessons():
        lesson_complete(user=trainee, lesson=lesson)
    assert Enrolment.objects.get(user=trainee).completed_at is not None


def test_optional_lessons_are_not_required(make_course, trainee):
    course = make_course(lessons=2, pre=False, post=False)
    LessonPage.objects.filter(slug="lesson-2").update(required=False)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    assert Enrolment.objects.get(user=trainee).completed_at is not None


def test_progress_percentage_and_resume(make_course, trainee):
    course = make_course(lessons=3, pre=True, post=True)
    enrolment_create(user=trainee, course=course)
    progress = course_progress(course=course, user=trainee)
    assert (progress.percent, progress.pre_test_pending) == (0, True)
    _take(course, trainee, "pre")
    first, second, _third = course.lessons()
    lesson_complete(user=trainee, lesson=first)
    progress = course_progress(course=course, user=trainee)
    assert progress.percent == 33  # 1 of 3 lessons
    assert progress.resume_state.page.pk == second.pk
    assert not progress.pre_test_pending


def _percentages(course, user) -> tuple[int, int, int]:
    """The course page's, My learning's and the staff report's figure for one trainee."""
    page = course_progress(course=course, user=user).percent
    [row] = [
        r for r in my_learning(user=user) if r["enrolment"].course_key == course.translation_key
    ]
    report = enrolments_with_progress(course).get(user=user).percent
    return page, row["percent"], report


@pytest.mark.parametrize("post", [True, False])
def test_one_progress_percentage_everywhere(make_course, make_user, post):
    """The course page, My learning and the report count the same: required lessons done
    over required lessons (an optional one does not count), 100 once complete."""
    course = make_course(lessons=4, pre=False, post=post, attempt_limit=0)
    course.certificate_validity_months = 12
    course.save_revision().publish()
    optional = course.lessons().last().specific
    optional.required = False
    optional.save_revision().publish()
    user = make_user("steps@example.org", "Trainee")
    enrolment_create(user=user, course=course)
    lessons = list(course.lessons())
    assert _percentages(course, user) == (0, 0, 0)
    lesson_complete(user=user, lesson=optional)
    assert _percentages(course, user) == (0, 0, 0)
    for done, lesson in enumerate(lessons[:3], start=1):
        lesson_complete(user=user, lesson=lesson)
        assert _percentages(course, user) == (int(100 * done / 3),) * 3
    if post:
        _take(course, user, "post", right=False)
        assert _percentages(course, user) == (100,) * 3  # every lesson done
        _take(course, user, "post", right=True)
    assert _percentages(course, user) == (100, 100, 100)
    # Renewal resets the passed post-test and the lessons: back to 0 everywhere.
    certificate = Certificate.objects.get(user=user)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + timedelta(days=10)
    )
    certificate.refresh_from_db()
    certificate_renewal_start(user=user, certificate=certificate)
    assert _percentages(course, user) == (0, 0, 0)


def test_enrolment_is_once_per_course_and_self_enrolment_can_be_off(make_course, trainee):
    course = make_course()
    assert enrolment_create(user=trainee, course=course)[1] is True
    assert enrolment_create(user=trainee, course=course)[1] is False
    closed = make_course(self_enrolment=False)
    with pytest.raises(CourseError, match="Staff enrol"):
        enrolment_create(user=trainee, course=closed)
    enrolment, created = enrolment_create(
        user=trainee, course=closed, source="staff", enrolled_by=trainee
    )
    assert created and enrolment.source == "staff"


def test_progress_is_shared_between_languages(make_course, trainee, french):
    course = make_course(lessons=2, pre=False, post=False)
    course_fr = course.copy_for_translation(french, copy_parents=True)
    course_fr.save_revision().publish()
    lessons_fr = []
    for lesson in course.lessons():
        translated = lesson.copy_for_translation(french)
        translated.save_revision().publish()
        lessons_fr.append(translated)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    # In French: already enrolled, first lesson done, the second finishes the course
    assert enrolment_create(user=trainee, course=course_fr)[1] is False
    progress = course_progress(course=course_fr, user=trainee)
    assert progress.percent == 50 and progress.lessons[0].done
    lesson_complete(user=trainee, lesson=lessons_fr[1])
    assert Enrolment.objects.get(user=trainee).completed_at is not None
    assert [row["percent"] for row in my_learning(user=trainee)] == [100]


def test_wagtail_localize_translation_can_pick_its_own_quiz(make_course, french, trainee):
    import json

    from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource

    from courses.models import CoursePage, Quiz

    course = make_course(lessons=1)
    source, _created = TranslationSource.get_or_create_from_instance(course)
    source.create_or_update_translation(french, copy_parent_pages=True, fallback=True)
    course_fr = CoursePage.objects.get(translation_key=course.translation_key, locale=french)
    assert course_fr.pre_test_id == course.pre_test_id  # synchronised until overridden
    quiz_fr = Quiz.objects.create(title="Test initial", bank=course.pre_test.bank)
    segment = OverridableSegment.objects.get(source=source, context__path="pre_test")
    SegmentOverride.objects.create(
        locale=french, context=segment.context, data_json=json.dumps(quiz_fr.pk)
    )
    source.create_or_update_translation(french, fallback=True)  # a later sync keeps it
    course_fr.refresh_from_db()
    assert course_fr.pre_test_id == quiz_fr.pk
    assert course_fr.pass_mark == course.pass_mark  # progress rules stay in sync
    # the French version shares the English enrolment and pre-test record
    enrolment_create(user=trainee, course=course)
    attempt = attempt_start(user=trainee, course=course_fr, kind="pre")
    assert attempt.quiz_id == quiz_fr.pk and attempt.course_key == course.translation_key
