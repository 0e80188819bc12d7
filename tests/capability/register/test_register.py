"""Models, derived levels, the course-completion link, the enrol hook and the profile form."""

import datetime
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.test import RequestFactory
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from capability.register.models import Competency, CompetencyEvidence, Country, Organisation, Person
from capability.register.normalise import name_key
from capability.register.querysets import country_ids_for
from capability.register.services import evidence_record
from courses.signals import course_completed

from ..conftest import GHANA_STAFF

ROOT = Path(__file__).resolve().parents[3]
# The register runs without the courses plugin too (tests/capability/test_register_only.py).
needs_courses = pytest.mark.skipif(
    not apps.is_installed("courses"), reason="the courses plugin is not installed in this run"
)


def test_partner_countries_and_permissions_come_from_migrations(db):
    assert set(Country.objects.partners().values_list("code", flat=True)) == {"GH", "KE", "SN"}


def test_name_key_ignores_accents_case_and_spaces():
    assert name_key("  Aïssatou ", "NDIAYE") == name_key("aissatou", "ndiaye") == "aissatou ndiaye"


def test_country_scope_rule(register, programme_staff, ghana_staff, trainee):
    assert country_ids_for(programme_staff) is None
    ghana = Country.objects.get(code="GH")
    assert country_ids_for(ghana_staff) == {ghana.pk}
    assert country_ids_for(trainee) == set()
    people = Person.objects.for_user(ghana_staff).values_list("country__code", flat=True)
    assert set(people) == {"GH"} and Person.objects.exclude(country__code="GH").exists()


def test_consent_needs_a_date(ghana_person):
    ghana_person.consent_given, ghana_person.consent_date = True, None
    with pytest.raises(IntegrityError):
        ghana_person.save()


def test_current_level_is_the_highest_evidence(ghana_person):
    competency = Competency.objects.get(code="CC-1")
    CompetencyEvidence.objects.filter(person=ghana_person).delete()
    for level, source in ((2, "workshop"), (3, "assessor"), (1, "online_course")):
        CompetencyEvidence.objects.create(
            person=ghana_person, competency=competency, level=level, source=source
        )
    levels = list(CompetencyEvidence.objects.filter(person=ghana_person).current_levels())
    assert levels == [{"person": ghana_person.pk, "competency": competency.pk, "level": 3}]


def test_evidence_record_keeps_one_row_per_source_and_raises_only(ghana_person):
    page = Page.objects.filter(depth=2).first()
    first = evidence_record(
        person=ghana_person,
        competencies=[{"code": "RA-1", "level": 2}, {"code": "ZZ", "level": 3}],
        source="online_course",
        course=page,
    )
    assert len(first) == 1
    evidence_record(
        person=ghana_person,
        competencies=[{"code": "RA-1", "level": 1}],
        source="online_course",
        course=page,
    )
    evidence = CompetencyEvidence.objects.get(person=ghana_person, course=page)
    assert evidence.level == 2


@needs_courses
def test_course_completion_records_evidence_for_the_linked_person(ghana_person, trainee):
    user = trainee
    ghana_person.user = user
    ghana_person.save()
    course = Page.objects.filter(
        depth=2
    ).first()  # any real Wagtail page stands in for the CoursePage
    completed_at = timezone.make_aware(datetime.datetime(2026, 5, 4, 10, 0))
    course_completed.send(
        sender=type(course),
        user=user,
        course=course,
        completed_at=completed_at,
        competencies=[{"code": "PT-1", "level": 2}, {"code": "RE-1", "level": 1}],
    )
    evidence = CompetencyEvidence.objects.filter(person=ghana_person, source="online_course")
    assert {(e.competency.code, e.level, e.date.isoformat(), e.course_id) for e in evidence} == {
        ("PT-1", 2, "2026-05-04", course.pk),
        ("RE-1", 1, "2026-05-04", course.pk),
    }


@needs_courses
def test_course_completion_without_a_person_records_nothing(register, trainee):
    before = CompetencyEvidence.objects.count()
    course_completed.send(
        sender=Page,
        user=trainee,
        course=Page.objects.filter(depth=2).first(),
        completed_at=timezone.now(),
        competencies=[{"code": "PT-1", "level": 2}],
    )
    assert CompetencyEvidence.objects.count() == before


@pytest.mark.skipif(apps.is_installed("courses"), reason="the courses plugin is installed")
def test_without_the_courses_plugin_course_events_record_nothing(ghana_person, trainee):
    ghana_person.user = trainee
    ghana_person.save()
    before = CompetencyEvidence.objects.count()
    course_completed.send(
        sender=Page,
        user=ghana_person.user,
        course=Page.objects.filter(depth=2).first(),
        completed_at=timezone.now(),
        competencies=[{"code": "PT-1", "level": 2}],
    )
    assert CompetencyEvidence.objects.count() == before


def test_courses_never_imports_capability():
    for path in (ROOT / "courses").rglob("*.py"):
        text = path.read_text()
        assert "import capability" not in text and "from capability" not in text, path


@pytest.mark.skipif(apps.is_installed("capability.results"), reason="the results app is installed")
def test_alone_the_register_loads_no_module_of_the_results_app(register):
    assert [name for name in sys.modules if name.startswith("capability.results")] == []


@needs_courses
def test_enrol_hook_sends_users_without_person_to_the_profile_form(register, trainee):
    [hook] = [
        fn
        for fn in hooks.get_hooks("courses_before_enrol")
        if fn.__module__.startswith("capability")
    ]
    from tests.factories.courses import CoursePageFactory

    course = CoursePageFactory()
    request = RequestFactory().post(f"/en/learning/courses/{course.pk}/enrol/")
    request.user = trainee
    Person.objects.filter(user=request.user).update(user=None)
    response = hook(request, course)
    assert response.status_code == 302
    # Back to the enrol URL afterwards, which completes the enrolment this step interrupted.
    enrol = f"/en/learning/courses/{course.pk}/enrol/"
    assert response["Location"] == f"/en/register/profile/?next={quote(enrol, safe='')}"
    Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(user=request.user)
    assert hook(request, course) is None


def test_profile_form_links_the_person_with_the_same_email(login, ghana_person, trainee):
    user = trainee
    ghana_person.email = user.email.upper()
    ghana_person.save()
    client = login(trainee)
    assert client.get("/en/register/profile/?next=/en/").status_code == 200
    ghana = Country.objects.get(code="GH")
    response = client.post(
        "/en/register/profile/",
        {
            "given_name": "Kwame",
            "family_name": "Mensah",
            "country": ghana.pk,
            "organisation": "",
            "sex": "M",
            "rank": "Officer",
            "consent": "on",
            "next": "/en/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/en/"
    ghana_person.refresh_from_db()
    assert ghana_person.user == user and ghana_person.consent_given


def test_profile_form_creates_a_person_once(login, register, trainee):
    client = login(trainee)
    kenya = Country.objects.get(code="KE")
    org = Organisation.objects.filter(country=kenya).first()
    before = Person.objects.count()
    data = {
        "given_name": "Kwame",
        "family_name": "Mensah",
        "country": kenya.pk,
        "organisation": org.pk,
        "sex": "F",
        "rank": "",
        "consent": "on",
        "next": "https://evil.example/",
    }
    response = client.post("/en/register/profile/", data)
    assert response["Location"] == "/"  # foreign redirect target ignored
    person = Person.objects.get(user=trainee)
    assert (person.country, person.organisation, person.sex) == (kenya, org, "F")
    client.post("/en/register/profile/", data)
    assert Person.objects.count() == before + 1


def test_profile_form_refuses_mismatched_organisation_and_needs_consent(login, register, trainee):
    client = login(trainee)
    kenya = Country.objects.get(code="KE")
    ghana_org = Organisation.objects.filter(country__code="GH").first()
    response = client.post(
        "/en/register/profile/", {"country": kenya.pk, "organisation": ghana_org.pk, "sex": "F"}
    )
    assert response.status_code == 200
    assert "This organisation is in another country." in response.content.decode()
    assert not Person.objects.filter(user=trainee).exists()


def test_profile_form_needs_login(client, db):
    response = client.get("/en/register/profile/")
    assert response.status_code == 302


def test_person_page_shows_workshops_courses_and_levels(login, ghana_person, programme_staff):
    client = login(programme_staff)
    html = client.get(f"/admin/capability_person/inspect/{ghana_person.pk}/").content.decode()
    assert "Current competency levels" in html and "Workshops" in html
    for attendance in ghana_person.attendances.all():
        assert attendance.workshop.title in html


def test_demo_is_idempotent(demo):
    from django.core.management import call_command

    tables = (Person, Organisation, CompetencyEvidence, Competency, User)
    before = [model.objects.count() for model in tables]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in tables] == before
    assert 280 <= Person.objects.count() <= 320
    women = Person.objects.filter(sex="F").count() / Person.objects.count()
    assert 0.25 < women < 0.5


def test_example_fixture_imports_cleanly(demo):
    from capability.register import spreadsheets
    from capability.register.imports import attendance_import

    content = (ROOT / "fixtures/capability/example_attendance.xlsx").read_bytes()
    plan = attendance_import(
        sheet=spreadsheets.read_attendance(content),
        workshop=None,
        user=User.objects.get(username=GHANA_STAFF),
        answers={},
    )
    assert plan.counts["error"] == 0 and plan.counts["new"] == 10
