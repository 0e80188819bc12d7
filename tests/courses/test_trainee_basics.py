"""What a trainee on a shared phone trips on: signing out, the profile step, time limits,
blank answers, running out of attempts, one progress figure, competency names, asking for
an account. Through the test client, on pages built by the factories."""

import re

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Site

from courses.models import CoursesSettings, Enrolment, QuizAttempt
from courses.selectors.progress import enrolments_with_progress
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory

from .conftest import ROLES, answers_for

needs_register = pytest.mark.skipif(
    not apps.is_installed("capability.register"), reason="the register plugin is not installed"
)


def test_sign_out_is_a_post_button_on_every_public_page(client, login, make_course, trainee):
    course = make_course()
    login(trainee)
    html = client.get(course.url).content.decode()
    form = re.search(r'<form method="post" action="/en/learning/logout/"[^>]*>(.*?)</form>', html)
    assert form and "csrfmiddlewaretoken" in form.group(1) and "Sign out" in form.group(1)
    response = client.post("/en/learning/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    html = client.get(course.url).content.decode()
    assert "Sign out" not in html and "Sign in" in html


# --- the profile step ----------------------------------------------------------------------


def _unregistered(email="ama@example.org"):
    return UserFactory(email=email, first_name="Ama", last_name="Owusu", role=ROLES["Trainee"])


def _profile(country, sex):
    return {
        "given_name": "Ama",
        "family_name": "Owusu",
        "country": country.pk,
        "organisation": "",
        "sex": sex,
        "rank": "Supervisor",
        "consent": "on",
    }


@needs_register
def test_profile_sex_starts_empty_and_must_be_chosen(client, login, make_course):
    from capability.register.models import Country, Person

    course = make_course()
    user = _unregistered()
    login(user)
    response = client.post(f"/en/learning/courses/{course.pk}/enrol/")
    profile_url = response["Location"]
    html = client.get(profile_url).content.decode()
    select = re.search(r'<select name="sex"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)
    assert [value for value, _attrs, _label in options] == ["", "F", "M", "X"]
    assert "selected" in options[0][1]  # nothing chosen for the trainee
    assert options[3][2] == "Prefer not to say"
    ghana = Country.objects.get(code="GH")
    response = client.post(profile_url, _profile(ghana, ""))
    assert response.status_code == 200
    assert "Choose one, or “Prefer not to say”." in response.content.decode()
    assert not Person.objects.filter(user=user).exists()
    client.post(profile_url, _profile(ghana, "X"))
    assert Person.objects.get(user=user).sex == "X"  # not stated, apart from F and M


@needs_register
def test_profile_step_completes_the_enrolment_it_interrupted(client, login, make_course):
    from capability.register.models import Country

    course = make_course()
    user = _unregistered()
    login(user)
    enrol_url = f"/en/learning/courses/{course.pk}/enrol/"
    response = client.post(enrol_url)
    assert response["Location"].startswith("/en/register/profile/?next=")
    assert not Enrolment.objects.filter(user=user).exists()
    response = client.post(
        response["Location"], _profile(Country.objects.get(code="GH"), "F"), follow=True
    )
    assert Enrolment.objects.filter(user=user, course=course).count() == 1
    assert response.redirect_chain[-1][0] == course.url
    assert "You are enrolled" in response.content.decode()
    # The resumed enrolment was used up: a later GET of the URL enrols nothing again.
    other = make_course()
    response = client.get(f"/en/learning/courses/{other.pk}/enrol/")
    assert response["Location"] == other.url
    assert not Enrolment.objects.filter(user=user, course=other).exists()


# --- taking a test -------------------------------------------------------------------------


def test_time_limit_has_a_countdown_and_the_deadline_for_the_trainees_clock(
    client, login, make_course, trainee
):
    course = make_course(lessons=1, pre=False, time_limit_minutes=30)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    attempt = attempt_start(user=trainee, course=course, kind="post")
    login(trainee)
    html = client.get(f"/en/learning/attempts/{attempt.pk}/").content.decode()
    deadline = timezone.localtime(attempt.deadline).isoformat()
    assert f'data-deadline="{deadline}"' in html
    assert 'role="timer"' in html and "data-countdown" in html
    assert re.search(r'<script src="/static/courses/quiz[^"]*\.js" defer>', html)
    assert "<script>" not in html  # CSP: static script only


def test_blank_answers_are_confirmed_before_grading(client, login, make_course, trainee):
    course = make_course(lessons=1, pre=False)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    attempt = attempt_start(user=trainee, course=course, kind="post")
    login(trainee)
    answers = answers_for(attempt)
    first, *_rest = attempt.layout
    data = {key: answers.getlist(key) for key in answers if key != f"q{first['question']}"}
    url = f"/en/learning/attempts/{attempt.pk}/"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Question 1 has no answer" in html
    assert 'name="confirm_blank"' in html and "checked" in html  # the rest is kept
    attempt.refresh_from_db()
    assert attempt.status == "open"
    data["confirm_blank"] = "1"
    assert client.post(url, data).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 80


@needs_register
def test_no_attempts_left_shows_the_country_contact(client, login, make_course, trainee):
    from capability.register.models import Country

    Country.objects.filter(code="GH").update(contact_email="ghana@ctps.example")
    Country.objects.filter(code="KE").update(contact_email="kenya@ctps.example")
    course = make_course(lessons=1, pre=False, attempt_limit=1)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    attempt = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=False))
    login(trainee)
    for url in (course.url, f"/en/learning/attempts/{attempt.pk}/result/"):
        html = client.get(url).content.decode()
        assert 'href="mailto:ghana@ctps.example"' in html, url
        assert "kenya@ctps.example" not in html  # only the trainee's own country


# --- one progress figure --------------------------------------------------------------------


def test_progress_is_lessons_done_over_lessons_everywhere(client, login, make_course, trainee):
    course = make_course(lessons=4, pre=False)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    login(trainee)
    for url in (course.url, "/en/learning/my/"):
        html = client.get(url).content.decode()
        assert "Progress: 1 of 4 lessons (25%)" in html, url
        assert 'value="25"' in html
    row = enrolments_with_progress(course).get(user=trainee)  # the staff report's figure
    assert (row.percent, row.lessons_done, row.lessons_required) == (25, 1, 4)
    for lesson in course.lessons():
        lesson_complete(user=trainee, lesson=lesson)
    html = client.get(course.url).content.decode()
    assert "Progress: 4 of 4 lessons (100%)" in html  # not 80 %: the post-test is a step apart
    assert "Pass the post-test to complete the course" in html


# --- competency names -----------------------------------------------------------------------


def test_competencies_show_their_names_in_the_page_language(
    client, login, make_course, trainee, french
):
    from courses.models import CourseCompetency

    course = make_course(lessons=1, pre=False, post=False)
    course.competencies = [
        CourseCompetency(code="RISK-ASSESS", level=2, name="Risk and vulnerability assessment")
    ]
    course.save_revision().publish()
    course_fr = course.copy_for_translation(french, copy_parents=True)
    course_fr.competencies = [
        CourseCompetency(code="RISK-ASSESS", level=2, name="Évaluation des risques")
    ]
    course_fr.save_revision().publish()
    html = client.get(course.url).content.decode()
    assert "Risk and vulnerability assessment" in html and "RISK-ASSESS" not in html
    html = client.get(course_fr.url).content.decode()
    assert "Évaluation des risques" in html and "RISK-ASSESS" not in html
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    certificate = trainee.certificates.get()
    assert certificate.competencies == [
        {"code": "RISK-ASSESS", "level": 2, "name": "Risk and vulnerability assessment"}
    ]


@needs_register
def test_competency_without_a_course_name_takes_the_register_name(client, make_course):
    from capability.register.models import Competency, CompetencyFramework

    framework = CompetencyFramework.objects.create(code="psp", name="Protection")
    Competency.objects.create(framework=framework, code="RISK-ASSESS", name="Risk assessment")
    course = make_course()  # the factory's competency has no name of its own
    html = client.get(course.url).content.decode()
    assert "Risk assessment — level 2" in html


# --- asking for an account -------------------------------------------------------------------


@needs_register
def test_request_access_page_when_self_registration_is_off(client, db):
    from capability.register.models import Country

    Country.objects.filter(code="SN").update(contact_email="senegal@ctps.example")
    settings = CoursesSettings.for_site(Site.objects.get(is_default_site=True))
    assert not settings.allow_self_registration
    response = client.get("/fr/learning/register/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="mailto:senegal@ctps.example"' in html
    assert 'href="/fr/learning/login/"' in html
    assert 'href="/en/learning/register/"' in client.get("/en/learning/login/").content.decode()
    assert not QuizAttempt.objects.exists()
