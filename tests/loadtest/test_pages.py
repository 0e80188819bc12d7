"""The load test reads the pages the real views render (loadtest/pages.py): its answers
submit a whole test, and it tells an accepted lesson completion from a refused one (both
redirect), so that `make loadtest` counts lost writes only when writes are lost."""

import pytest

from courses.models import LessonCompletion, QuizAttempt
from courses.services.enrolment import enrolment_create
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory

from .test_harness import load

pages = load("pages.py")


@pytest.fixture
def course_and_trainee(client):
    course = CoursePageFactory(lessons=2)
    trainee = TraineeFactory()
    enrolment_create(user=trainee, course=course)
    client.force_login(trainee)
    return course, trainee


@pytest.mark.django_db
def test_a_refused_completion_is_not_counted_and_an_accepted_one_is(client, course_and_trainee):
    course, trainee = course_and_trainee
    first = course.lessons().first()
    page = client.get(first.get_url()).content.decode()
    path = f"/en/learning/lessons/{first.pk}/complete/"
    refused = client.post(path, {"csrfmiddlewaretoken": pages.csrf(page)}, follow=True)
    assert refused.redirect_chain  # a refusal redirects as a completion does
    assert not pages.lesson_accepted(refused.content.decode())
    assert not LessonCompletion.objects.filter(user=trainee).exists()

    started = client.post(f"/en/learning/courses/{course.pk}/test/pre/")
    attempt = QuizAttempt.objects.get(user=trainee, kind="pre")
    assert started.url.endswith(f"/attempts/{attempt.pk}/")
    page = client.get(started.url).content.decode()
    answers = pages.answers(page)
    assert set(answers) == {f"q{pk}" for pk in attempt.question_ids()}  # numeric included
    submitted = client.post(started.url, {"csrfmiddlewaretoken": pages.csrf(page), **answers})
    assert submitted.status_code == 302 and "/result/" in submitted.url
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.SUBMITTED

    accepted = client.post(path, {"csrfmiddlewaretoken": pages.csrf(page)}, follow=True)
    assert pages.lesson_accepted(accepted.content.decode())
    assert LessonCompletion.objects.filter(user=trainee).count() == 1
