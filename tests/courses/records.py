"""Helpers shared by the certificate, survey and xAPI tests."""

from courses import services

from .conftest import PASSWORD, answers_for


def complete(course, user):
    """Take a real course to completion through the services; returns the enrolment."""
    from courses.models import Enrolment

    services.enrolment_create(user=user, course=course)
    if course.pre_test_id:
        attempt = services.attempt_start(user=user, course=course, kind="pre")
        services.attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, right=False))
    for lesson in course.lessons():
        services.lesson_complete(user=user, lesson=lesson)
    if course.post_test_id:
        attempt = services.attempt_start(user=user, course=course, kind="post")
        services.attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, right=True))
    return Enrolment.objects.get(user=user, course_key=course.translation_key)


def log_in(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client
