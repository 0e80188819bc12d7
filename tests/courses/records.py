"""Helpers shared by the certificate, survey and xAPI tests."""

from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit

from .conftest import PASSWORD, answers_for


def complete(course, user):
    """Take a real course to completion through the services; returns the enrolment."""
    from courses.models import Enrolment

    enrolment_create(user=user, course=course)
    if course.pre_test_id:
        attempt = attempt_start(user=user, course=course, kind="pre")
        attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, right=False))
    for lesson in course.lessons():
        lesson_complete(user=user, lesson=lesson)
    if course.post_test_id:
        attempt = attempt_start(user=user, course=course, kind="post")
        attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, right=True))
    return Enrolment.objects.get(user=user, course_key=course.translation_key)


def log_in(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client
