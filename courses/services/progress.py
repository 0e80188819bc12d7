"""Progress writes: a lesson done, and the course's completion (exactly once)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import access
from ..models import CoursePage, Enrolment, LessonCompletion, LessonPage
from ..selectors.enrolment import enrolment_of
from ..selectors.progress import post_test_passed, required_lessons_done
from ..signals import course_completed
from ..xapi import statements
from .certificates import certificate_issue
from .errors import CourseError


def enrolment_required(*, user, course: CoursePage) -> Enrolment:
    """The trainee's enrolment in the course; refused when there is none."""
    enrolment = enrolment_of(user_id=user.pk, course_key=course.translation_key)
    refusal = access.not_enrolled_refusal(enrolment)
    if refusal:
        raise CourseError(refusal)
    return enrolment


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """Record that the trainee finished a lesson (once), then check course completion."""
    course = lesson.get_parent().specific
    enrolment = enrolment_required(user=user, course=course)
    completion, created = LessonCompletion.objects.get_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        defaults={"course_key": course.translation_key},
    )
    if created:
        statements.record_lesson_completed(
            completion=completion,
            lesson=lesson,
            course=course,
            registration=enrolment.registration,
        )
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
    enrolment_complete_if_done(enrolment=enrolment, course=course)
    return completion


@transaction.atomic
def enrolment_complete_if_done(*, enrolment: Enrolment, course: CoursePage) -> bool:
    """Record completion once when every required lesson is done and the post-test passed.

    The conditional UPDATE makes the completion (and its signal) happen exactly once, even
    when two requests finish the course at the same moment.
    """
    if enrolment.completed_at:
        return False
    if not required_lessons_done(user_id=enrolment.user_id, course=course):
        return False
    if course.post_test_id and not post_test_passed(
        user_id=enrolment.user_id, course_key=enrolment.course_key
    ):
        return False
    now = timezone.now()
    updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    if not updated:
        return False
    enrolment.completed_at = now
    user = enrolment.user
    competencies = course.competency_list()
    # The certificate speaks the language the trainee enrolled in.
    enrolled_in = enrolment.course if enrolment.course_id != course.pk else course
    statements.record_course_completed(
        user=user, course=enrolled_in, completed_at=now, registration=enrolment.registration
    )
    certificate_issue(user=user, course=enrolled_in, completed_at=now)
    transaction.on_commit(
        lambda: course_completed.send(
            sender=CoursePage,
            user=user,
            course=course,
            completed_at=now,
            competencies=competencies,
        )
    )
    return True
