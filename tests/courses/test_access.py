"""Access matrix: every courses view, as a visitor, a trainee who is not enrolled, and staff."""

import pytest

from courses.models import LessonCompletion, QuizAttempt
from courses.services.enrolment import enrolment_create

from .conftest import PASSWORD


@pytest.fixture
def setup(make_course, make_user):
    course = make_course(lessons=1, pre=False)
    owner = make_user("owner@example.org", "Trainee")
    enrolment_create(user=owner, course=course)
    return {"course": course, "owner": owner}


def test_a_trainee_who_is_not_enrolled_cannot_complete_lessons_or_start_tests(
    client, setup, make_user
):
    course = setup["course"]
    outsider = make_user("outsider@example.org", "Trainee")
    assert client.login(username=outsider.email, password=PASSWORD)
    lesson = course.lessons().first()
    response = client.post(f"/en/learning/lessons/{lesson.pk}/complete/", follow=True)
    assert "Enrol in this course to read its lessons." in response.content.decode()
    response = client.post(f"/en/learning/courses/{course.pk}/test/post/", follow=True)
    assert "You are not enrolled in this course." in response.content.decode()
    assert not LessonCompletion.objects.filter(user=outsider).exists()
    assert not QuizAttempt.objects.filter(user=outsider).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/en/learning/my/",
        "/en/learning/attempts/1/",
        "/en/learning/attempts/1/result/",
    ],
)
def test_visitors_are_sent_to_sign_in(client, setup, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/learning/login/")


@pytest.mark.parametrize(
    "path",
    ["", "invite/", "registrations/", "{course}/", "{course}/enrol/", "{course}/export/xlsx/"],
)
@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        (None, False),
        ("Trainee", False),
        ("Manager", False),
        ("Country staff", True),
        ("Programme staff", True),
    ],
)
def test_staff_views_need_staff_permissions(client, setup, make_user, path, group, allowed):
    url = "/admin/courses-reports/" + path.format(course=setup["course"].pk)
    if group:
        user = make_user(f"{group.replace(' ', '.').lower()}@example.org", group)
        assert client.login(username=user.email, password=PASSWORD)
    response = client.get(url)
    assert (response.status_code == 200) is allowed
