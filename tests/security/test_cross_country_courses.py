"""A Kenyan trainee's course records stay out of Ghana's staff views (courses knows no countries:
capability narrows them through the `courses_visible_users` hook)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from capability.register.models import Person
from courses.models import Certificate, CoursePage, Enrolment, QuizAttempt

from .access import DENIED, NOT_FOUND, outcome
from .test_access_matrix import body_text

GHANA_STAFF = "country.staff@ctps.example"
PROGRAMME_STAFF = "programme.staff@ctps.example"


@pytest.fixture
def kenyan_trainee(demo):
    """Amina (a demo trainee with a completed course and certificate) made Kenyan."""
    user = get_user_model().objects.get(username="amina.owusu@ctps.example")
    person = Person.objects.filter(country__code="KE", user__isnull=True).order_by("pk").first()
    person.user = user
    person.save()
    return user


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


def test_ghana_staff_never_see_a_kenyan_trainee(login, kenyan_trainee):
    urls = _urls(kenyan_trainee)
    client = login(GHANA_STAFF)
    for url in urls["list"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert kenyan_trainee.email not in body_text(response), url
    for url in urls["object"]:
        assert outcome(client.get(url)) in (DENIED, NOT_FOUND), url


def test_programme_staff_see_the_kenyan_trainee(login, kenyan_trainee):
    urls = _urls(kenyan_trainee)
    client = login(PROGRAMME_STAFF)
    seen = [url for url in urls["list"] if kenyan_trainee.email in body_text(client.get(url))]
    # The enrolment form and the bulk-enrol list offer every account; listings show him.
    assert len(seen) == len(urls["list"])
    for url in [urls["object"][i] for i in (0, 2, 3, 4, 5)]:  # inspects, reset, certificate
        assert client.get(url).status_code == 200, url
