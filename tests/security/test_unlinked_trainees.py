"""Trainees with no register entry belong to the country of their account: Ghana's staff never
see Kenyan or Senegalese ones (names or email addresses) in any courses page or export, and an
account with no country at all is seen by programme staff only (issue 14)."""

import re

import pytest
from django.urls import reverse

from courses.models import Certificate, Enrolment, QuizAttempt, RegistrationRequest
from courses.services.accounts import registration_request_create
from courses.services.surveys import survey_response_create
from tests.courses.records import complete
from tests.factories.courses import CoursePageFactory
from tests.factories.register import UnlinkedTraineeFactory

from .access import DENIED, NOT_FOUND, outcome
from .test_access_matrix import body_text

SURVEY = {"relevance": 4, "clarity": 4, "applicability": 4}
# name, email, account country ("" = none)
PEOPLE = {
    "GH": ("Kwabena", "Asantewaa", "kwabena.asantewaa@gh.example", "GH"),
    "KE": ("Wanjiru", "Kamau", "wanjiru.kamau@ke.example", "KE"),
    "SN": ("Aminata", "Diallo", "aminata.diallo@sn.example", "SN"),
    "none": ("Nadia", "Nocountry", "nadia.nocountry@old.example", ""),
}


@pytest.fixture
def course(db):
    return CoursePageFactory(lessons=2)


@pytest.fixture
def trainees(course):
    """One unlinked trainee per country (and one without a country) who completed the course,
    answered its survey with a comment that names them, and one registration request each."""
    made = {}
    for key, (given, family, email, code) in PEOPLE.items():
        user = UnlinkedTraineeFactory(
            first_name=given, last_name=family, email=email, username=email, country=code
        )
        complete(course, user)
        survey_response_create(
            user=user, course=course, data={**SURVEY, "comment": f"{given} {family} here"}
        )
        made[key] = user
    for given, family, email, code in PEOPLE.values():
        registration_request_create(
            email=f"request.{email}",
            first_name=f"{given}r",
            last_name=f"{family}r",
            password="Kakum-canopy-walk-42",
            country=code or "GH",
        )
        if not code:  # an older request, made before accounts had a country
            RegistrationRequest.objects.get(
                user__email=f"request.{email}"
            ).user.capability_account_country.delete()
    return made


def words_of(*keys):
    """Names and email addresses (accounts and registration requests) of these people."""
    words = set()
    for key in keys:
        given, family, email, _code = PEOPLE[key]
        words |= {given, family, email, f"{given}r", f"{family}r", f"request.{email}"}
    words = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(word) for word in words) + r")\b")


def list_urls(course):
    page = course.pk
    return [
        reverse("courses_enrolment:index"),
        reverse("courses_enrolment:index") + "?export=csv",
        reverse("courses_enrolment:index") + "?export=xlsx",
        reverse("courses_quizattempt:index"),
        reverse("courses_quizattempt:index") + "?export=csv",
        reverse("courses_quizattempt:index") + "?export=xlsx",
        reverse("courses_admin:report", args=[page]),
        reverse("courses_admin:export", args=[page, "csv"]),
        reverse("courses_admin:export", args=[page, "xlsx"]),
        reverse("courses_admin:bulk_enrol", args=[page]),
        reverse("courses_enrolment:add"),
        reverse("courses_admin:certificates") + "?status=all",
        reverse("courses_admin:survey", args=[page]),
        reverse("courses_admin:survey_export", args=[page]),
        reverse("courses_admin:registrations"),
    ]


def object_urls(user, *, readable_only=False):
    """A trainee's records; `readable_only`: without the enrolment's edit view (no staff role
    may change an enrolment)."""
    enrolment = Enrolment.objects.get(user=user)
    attempt = QuizAttempt.objects.filter(user=user).first()
    certificate = Certificate.objects.get(user=user)
    urls = [
        reverse("courses_enrolment:inspect", args=[enrolment.pk]),
        reverse("courses_enrolment:edit", args=[enrolment.pk]),
        reverse("courses_quizattempt:inspect", args=[attempt.pk]),
        reverse("courses_admin:attempt_reset", args=[attempt.pk]),
        reverse("courses:certificate_pdf", args=[certificate.pk]),
    ]
    return [url for url in urls if not (readable_only and "/edit/" in url)]


def test_ghana_staff_see_no_foreign_or_countryless_trainee_anywhere(
    login, course, trainees, ghana_staff
):
    client = login(ghana_staff)
    foreign = words_of("KE", "SN", "none")
    ours = words_of("GH")
    for url in list_urls(course):
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_text(response)
        leaks = sorted(set(foreign.findall(body)))
        assert not leaks, f"Ghana staff see {leaks} at {url}"
        assert ours.search(body), f"{url} does not list Ghana's trainee: the check proves nothing"
    for key in ("KE", "SN", "none"):
        for url in object_urls(trainees[key]):
            assert outcome(client.get(url)) in (DENIED, NOT_FOUND), (key, url)
        request_obj = RegistrationRequest.objects.get(user__email=f"request.{PEOPLE[key][2]}")
        response = client.post(
            reverse("courses_admin:registrations"), {"pk": request_obj.pk, "decision": "approve"}
        )
        assert outcome(response) == DENIED
        assert RegistrationRequest.objects.get(pk=request_obj.pk).decided_at is None


def test_kenya_staff_see_their_unlinked_trainee_and_nobody_else(
    login, course, trainees, kenya_staff
):
    client = login(kenya_staff)
    for url in list_urls(course):
        body = body_text(client.get(url))
        assert not words_of("GH", "SN", "none").search(body), url
        assert words_of("KE").search(body), url
    for url in object_urls(trainees["KE"], readable_only=True):
        assert client.get(url).status_code == 200, url


def test_programme_staff_see_every_trainee_including_those_without_a_country(
    login, course, trainees, programme_staff
):
    client = login(programme_staff)
    for url in list_urls(course):
        body = body_text(client.get(url))
        for key in PEOPLE:
            assert words_of(key).search(body), (key, url)
    for url in object_urls(trainees["none"], readable_only=True):
        assert client.get(url).status_code == 200, url


def test_the_checker_finds_names_and_addresses_in_xlsx_and_csv(
    login, course, trainees, programme_staff
):
    """The exports hold the trainee's address (the report's also their name), and the pattern
    of the check above finds them: its silence for Ghana's staff means something."""
    client = login(programme_staff)
    for url in (
        reverse("courses_enrolment:index") + "?export=xlsx",
        reverse("courses_admin:export", args=[course.pk, "csv"]),
        reverse("courses_admin:export", args=[course.pk, "xlsx"]),
    ):
        found = set(words_of("KE").findall(body_text(client.get(url))))
        assert PEOPLE["KE"][2] in found, url
        if "courses-reports" in url:
            assert PEOPLE["KE"][1] in found, url


def test_staff_listings_do_not_grow_with_trainees(
    login, course, trainees, ghana_staff, django_assert_max_num_queries
):
    client = login(ghana_staff)
    client.get(reverse("courses_admin:registrations"))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("courses_admin:registrations")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("courses_admin:survey", args=[course.pk])).status_code == 200


def test_report_figures_count_only_the_trainees_staff_may_see(
    course, trainees, ghana_staff, programme_staff
):
    """Totals, pass rates and question statistics of Ghana's staff are Ghana's: no figure
    from which another country's trainee could be worked out."""
    from courses.selectors.reports import course_summary, courses_with_counts, question_statistics

    mine = course_summary(course, user=ghana_staff)
    everyone = course_summary(course, user=programme_staff)
    assert (mine["enrolled"], mine["completed"], mine["takers"]) == (1, 1, 1)
    assert (everyone["enrolled"], everyone["completed"], everyone["takers"]) == (4, 4, 4)
    assert sum(bucket["count"] for bucket in mine["distribution"]) == 1
    counted = courses_with_counts(user=ghana_staff).get(pk=course.pk)
    assert (counted.enrolled, counted.completed) == (1, 1)
    answers = {row["answers"] for row in question_statistics(course, "post", user=ghana_staff)}
    assert answers == {1}
