"""The Wagtail admin side: editors build quizzes, staff find reports, invite and approve."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from wagtail.models import Site

from courses.models import CoursesSettings, Quiz, RegistrationRequest

from .conftest import PASSWORD


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def staff(make_user):
    return make_user("staff@example.org", "Programme staff")


def test_programme_staff_build_a_quiz_in_the_admin(client, make_course, staff):
    course = make_course()
    _login(client, staff)
    assert client.get("/admin/snippets/courses/quiz/").status_code == 200
    assert client.get("/admin/courses/question-banks/").status_code == 200
    assert client.get("/admin/snippets/courses/question/").status_code == 200
    response = client.post(
        "/admin/snippets/courses/quiz/add/",
        {
            "title": "Final quiz",
            "bank": course.pre_test.bank_id,
            "draw_count": "4",
            "pass_mark": "80",
            "attempt_limit": "2",
            "time_limit_minutes": "20",
            "shuffle_questions": "on",
        },
    )
    assert response.status_code == 302
    quiz = Quiz.objects.get(title="Final quiz")
    assert (quiz.draw_count, quiz.pass_mark, quiz.time_limit_minutes) == (4, 80, 20)
    assert quiz.shuffle_options is False


def test_trainees_and_managers_cannot_edit_quizzes(client, make_course, make_user):
    make_course()
    _login(client, make_user("m@example.org", "Manager"))
    assert client.get("/admin/snippets/courses/quiz/").status_code == 302  # permission denied
    client.logout()
    _login(client, make_user("t@example.org", "Trainee"))
    assert client.get("/admin/snippets/courses/quiz/").status_code == 302  # to the admin login


def test_report_index_lists_courses_for_staff_only(client, make_course, staff, make_user):
    make_course()
    _login(client, staff)
    html = client.get("/admin/courses-reports/").content.decode()
    assert "Course 1" in html and "Invite a trainee" in html
    assert "Course reports" in client.get("/admin/").content.decode()
    client.logout()
    _login(client, make_user("m@example.org", "Manager"))
    assert client.get("/admin/courses-reports/").status_code == 302
    assert "Course reports" not in client.get("/admin/").content.decode()


def test_staff_invite_one_trainee(client, staff):
    _login(client, staff)
    client.post(
        "/admin/courses-reports/invite/",
        {"email": "yaw@example.org", "first_name": "Yaw", "country": "GH"},
    )
    user = User.objects.get(email="yaw@example.org")
    assert not user.has_usable_password() and user.groups.filter(name="Trainee").exists()
    assert len(mail.outbox) == 1 and "Hello Yaw" in mail.outbox[0].body
    response = client.post("/admin/courses-reports/invite/", {"email": "not an email"})
    assert "Enter a valid email address." in response.content.decode()
    assert User.objects.filter(email__in=["yaw@example.org", "not an email"]).count() == 1


def test_self_registration_is_off_by_default_then_pending_approval(client, staff):
    assert client.get("/en/learning/register/").status_code == 404
    settings = CoursesSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allow_self_registration = True
    settings.save()
    form = {
        "first_name": "Ama",
        "last_name": "Boateng",
        "email": "ama@example.org",
        "organisation": "Accra Mall security",
        "country": "GH",
        "password": "short",
    }
    response = client.post("/en/learning/register/", form)
    assert "too short" in response.content.decode()  # password rules, nothing created
    form["password"] = "Labadi-beach-2026"
    assert "Request received" in client.post("/en/learning/register/", form).content.decode()
    assert not client.login(username="ama@example.org", password="Labadi-beach-2026")
    again = client.post("/en/learning/register/", form).content.decode()
    assert "already uses this address" in again
    _login(client, staff)
    request_obj = RegistrationRequest.objects.get()
    html = client.get("/admin/courses-reports/registrations/").content.decode()
    assert "Accra Mall security" in html
    client.post(
        "/admin/courses-reports/registrations/", {"pk": request_obj.pk, "decision": "approve"}
    )
    client.logout()
    assert client.login(username="ama@example.org", password="Labadi-beach-2026")
    assert re.search(r"/en/learning/login/", mail.outbox[-1].body)
    assert User.objects.get(email="ama@example.org").groups.filter(name="Trainee").exists()


def test_staff_enrol_someone_in_the_admin_once(client, make_course, staff, make_user):
    from courses.models import Enrolment

    course = make_course()
    kofi = make_user("kofi2@example.org", "Trainee")
    _login(client, staff)
    form = {"user": kofi.pk, "course": course.pk, "source": "staff"}
    assert client.post("/admin/courses/enrolments/new/", form).status_code == 302
    enrolment = Enrolment.objects.get(user=kofi)
    assert enrolment.course_key == course.translation_key and enrolment.enrolled_by == staff
    response = client.post("/admin/courses/enrolments/new/", form)
    assert "already enrolled in this course" in response.content.decode()
    assert Enrolment.objects.filter(user=kofi).count() == 1


def test_editors_get_every_courses_edit_form(client, make_course, staff):
    from courses.models import Question

    course = make_course()
    index = course.get_parent()
    _login(client, staff)
    question = Question.objects.first()
    lesson = course.lessons().first()
    for url in [
        f"/admin/pages/add/courses/coursepage/{index.pk}/",
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/snippets/courses/question/add/",
        f"/admin/snippets/courses/question/edit/{question.pk}/",
        f"/admin/snippets/courses/quiz/edit/{course.pre_test_id}/",
        "/admin/courses/question-banks/new/",
        "/admin/courses/enrolments/",
        "/admin/courses/attempts/",
        "/admin/courses/attempt-resets/",
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_report_renders_for_programme_staff(client, demo, login):
    from courses.models import CoursePage

    course = CoursePage.objects.get(
        slug="risk-assessment-crowded-places", locale__language_code="en"
    )
    staff = login("programme.staff@ctps.example")
    html = staff.get(f"/admin/courses-reports/{course.pk}/").content.decode()
    assert "amina.owusu@ctps.example" in html and "awa.diop@ctps.example" in html
    assert "Post-test pass rate" in html
