"""A Kenyan trainee's course records stay out of Ghana's staff views (courses knows no countries:
capability narrows them through the `courses_visible_users` hook)."""

import pytest
from django.urls import reverse

from courses.models import Certificate, CoursePage, Enrolment, QuizAttempt
from tests.courses.records import complete
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory
from tests.factories.register import PersonFactory, country

from .access import DENIED, NOT_FOUND, outcome
from .test_access_matrix import body_text


@pytest.fixture
def course(db):
    return CoursePageFactory(lessons=2)


def trainee_of(course, code):
    """A trainee who completed `course` (tests, lessons, certificate), in the register of the
    country `code`."""
    user = TraineeFactory()
    complete(course, user)
    PersonFactory(country=country(code), user=user, email=user.email)
    return user


@pytest.fixture
def kenyan_trainee(course):
    return trainee_of(course, "KE")


@pytest.fixture
def ghanaian_trainee(course):
    return trainee_of(course, "GH")


def _urls(user):
    enrolment = Enrolment.objects.filter(user=user).first()
    course = CoursePage.objects.get(pk=enrolment.course_id)
    attempt = QuizAttempt.objects.filter(user=user).first()
    certificate = Certificate.objects.filter(user=user).first()
    return {
        "list": [
            reverse("courses_enrolment:index"),
            reverse("courses_enrolment:index") + "?export=csv",
            reverse("courses_quizattempt:index") + "?export=xlsx",
            reverse("courses_admin:report", args=[course.pk]),
            reverse("courses_admin:export", args=[course.pk, "csv"]),
            reverse("courses_admin:export", args=[course.pk, "xlsx"]),
            reverse("courses_admin:bulk_enrol", args=[course.pk]),
            reverse("courses_enrolment:add"),
            reverse("courses_admin:certificates") + "?status=all",
        ],
        "object": [
            reverse("courses_enrolment:inspect", args=[enrolment.pk]),
            reverse("courses_enrolment:edit", args=[enrolment.pk]),
            reverse("courses_quizattempt:inspect", args=[attempt.pk]),
            reverse("courses_admin:attempt_reset", args=[attempt.pk]),
            reverse("courses:certificate_pdf", args=[certificate.pk]),
            reverse("courses_admin:certificate_revoke", args=[certificate.pk]),
        ],
    }


def test_ghana_staff_never_see_a_kenyan_trainee(
    login, kenyan_trainee, ghanaian_trainee, ghana_staff
):
    urls = _urls(kenyan_trainee)
    client = login(ghana_staff)
    for url in urls["list"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_text(response)
        assert kenyan_trainee.email not in body, url
        assert ghanaian_trainee.email in body, url  # the listing does list trainees
    for url in urls["object"]:
        assert outcome(client.get(url)) in (DENIED, NOT_FOUND), url


def test_programme_staff_see_the_kenyan_trainee(login, kenyan_trainee, programme_staff):
    urls = _urls(kenyan_trainee)
    client = login(programme_staff)
    seen = [url for url in urls["list"] if kenyan_trainee.email in body_text(client.get(url))]
    # The enrolment form and the bulk-enrol list offer every account; listings show him.
    assert len(seen) == len(urls["list"])
    for url in [urls["object"][i] for i in (0, 2, 3, 4, 5)]:  # inspects, reset, certificate
        assert client.get(url).status_code == 200, url
