"""Who may open the certificate, survey and xAPI views, as each role; query ceilings."""

import pytest
from django.core.cache import cache

from courses.models import Certificate, CoursePage
from tests.factories.accounts import (
    CountryStaffFactory,
    ManagerFactory,
    ProgrammeStaffFactory,
    TraineeFactory,
)

from .conftest import same_country
from .records import complete

ROLES = {
    "trainee": TraineeFactory,
    "holder": TraineeFactory,
    "country_staff": CountryStaffFactory,
    "programme_staff": ProgrammeStaffFactory,
    "manager": ManagerFactory,
}


def _outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if "login" in location:
            return "login"
        # Wagtail answers a missing permission with a redirect to the dashboard.
        return "denied" if location.rstrip("/").endswith("/admin") else "redirect"
    return {200: "ok", 403: "denied", 404: "not_found", 429: "limited"}.get(
        response.status_code, str(response.status_code)
    )


@pytest.fixture
def users(db):
    """One account per role; the holder, like a new trainee, has no register entry, only the
    country of their account, the country staff's (when the capability plugin is here)."""
    users = {role: factory(first_name="Amina") for role, factory in ROLES.items()}
    same_country(users["holder"], users["country_staff"])
    return users


@pytest.fixture
def certificate(users, make_course):
    """The holder's certificate of a course taken to completion (tests, lessons, survey)."""
    course = make_course(lessons=2)
    complete(course, users["holder"])
    return Certificate.objects.get(user=users["holder"])


@pytest.mark.parametrize(
    ("role", "pdf", "certificates", "revoke", "survey", "xapi"),
    [
        ("anonymous", "login", "login", "login", "login", "login"),
        ("trainee", "denied", "login", "login", "login", "login"),
        ("holder", "ok", "login", "login", "login", "login"),
        ("country_staff", "ok", "ok", "denied", "ok", "denied"),
        ("programme_staff", "ok", "ok", "ok", "ok", "ok"),
        ("manager", "denied", "denied", "denied", "denied", "denied"),
    ],
)
def test_access_by_role(client, users, certificate, role, pdf, certificates, revoke, survey, xapi):
    cache.clear()
    if role != "anonymous":
        client.force_login(users[role])
    course = certificate.course
    urls = {
        "pdf": f"/en/learning/certificates/{certificate.pk}/pdf/",
        "certificates": "/admin/courses-reports/certificates/",
        "revoke": f"/admin/courses-reports/certificates/{certificate.pk}/revoke/",
        "survey": f"/admin/courses-reports/{course.pk}/survey/",
        "xapi": "/admin/courses-reports/xapi/",
    }
    expected = {
        "pdf": pdf,
        "certificates": certificates,
        "revoke": revoke,
        "survey": survey,
        "xapi": xapi,
    }
    got = {name: _outcome(client.get(url)) for name, url in urls.items()}
    assert got == expected
    # The public verification page answers everyone.
    assert client.get(f"/en/learning/verify/{certificate.code_display}/").status_code == 200
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_query_ceilings_do_not_grow_with_certificates(
    client, make_course, make_user, django_assert_max_num_queries
):
    cache.clear()
    user = make_user("many@example.org", "Trainee")
    client.force_login(user)
    courses = [make_course(lessons=1, pre=False, post=False) for _ in range(4)]
    for size in (1, 4):
        for course in courses[:size]:
            if not Certificate.objects.filter(user=user, course_key=course.translation_key):
                complete(course, user)
        certificate = Certificate.objects.filter(user=user).first()
        urls = {
            "my learning": ("/en/learning/my/", 25),
            "verify": (f"/en/learning/verify/{certificate.code_display}/", 12),
            "course page": (CoursePage.objects.get(pk=courses[0].pk).url, 30),
            "pdf": (f"/en/learning/certificates/{certificate.pk}/pdf/", 12),
        }
        for name, (url, ceiling) in urls.items():
            client.get(url)
            with django_assert_max_num_queries(ceiling):
                assert client.get(url).status_code == 200, name


def test_public_pages_keep_the_strict_policy(client, certificate, make_course, make_user):
    """Verification and survey pages: CSP header, no inline script or style."""
    cache.clear()
    user = make_user("csp@example.org", "Trainee")
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, user)
    client.force_login(user)
    for url in (
        f"/en/learning/verify/{certificate.code_display}/",
        "/fr/learning/verify/?code=nonsense",
        f"/en/learning/courses/{course.pk}/survey/",
        "/en/learning/my/",
        course.url,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (
            "script-src" in response["Content-Security-Policy"]
            or "default-src" in (response["Content-Security-Policy"])
        )
        html = response.content.decode()
        assert "style=" not in html and "<style" not in html, url
        assert "<script>" not in html, url
