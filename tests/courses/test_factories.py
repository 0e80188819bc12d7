"""The factories the courses suite builds on (accounts, site, courses) make valid rows."""

import pytest
from django.contrib.auth.models import Group

from courses.models import CoursePage, LessonPage, QuizAttempt
from ctps_common import roles
from tests.factories.accounts import (
    PASSWORD,
    AdministratorFactory,
    CountryStaffFactory,
    ManagerFactory,
    ProgrammeStaffFactory,
    TraineeFactory,
    UserFactory,
)
from tests.factories.courses import (
    CertificateFactory,
    CoursePageFactory,
    EnrolmentFactory,
    QuizAttemptFactory,
    SurveyResponseFactory,
)
from tests.factories.site import home_page, locale, site_root


@pytest.mark.parametrize(
    ("factory", "role"),
    [
        (TraineeFactory, roles.TRAINEE),
        (CountryStaffFactory, roles.COUNTRY_STAFF),
        (ProgrammeStaffFactory, roles.PROGRAMME_STAFF),
        (ManagerFactory, roles.MANAGER),
    ],
)
def test_each_role_has_its_factory(client, db, factory, role):
    user = factory()
    assert list(user.groups.values_list("name", flat=True)) == [roles.group_name(role)]
    assert client.login(username=user.email, password=PASSWORD)


def test_users_take_any_roles_or_none(db, settings):
    assert not UserFactory().groups.exists()
    settings.CTPS_ROLE_GROUPS = {"manager": "Managers"}
    Group.objects.create(name="Managers")
    user = UserFactory(role=["trainee", "manager"])
    assert set(user.groups.values_list("name", flat=True)) == {"Trainee", "Managers"}
    assert AdministratorFactory().is_superuser


def test_a_course_in_the_catalogue_with_tests_and_lessons(db):
    course = CoursePageFactory(lessons=2, post_test__attempt_limit=2)
    index = course.get_parent().specific
    assert index.get_parent().specific == site_root() and index.slug == "courses"
    assert [lesson.title for lesson in course.lessons()] == ["Lesson 1", "Lesson 2"]
    assert course.pre_test.bank == course.post_test.bank
    assert course.pre_test.bank.questions.count() == 5 and course.post_test.attempt_limit == 2
    # No name on the page and none known for the code: trainees read the code.
    assert course.competency_list() == [{"code": "RISK-ASSESS", "level": 2, "name": "RISK-ASSESS"}]
    other = CoursePageFactory(pre_test=None, post_test=None)
    assert other.get_parent().pk == index.pk and not other.pre_test_id
    assert CoursePage.objects.live().count() == 2 and LessonPage.objects.count() == 2


def test_learning_records_of_one_course(db):
    course = CoursePageFactory()
    enrolment = EnrolmentFactory(course=course)
    attempt = QuizAttemptFactory(user=enrolment.user, course=course, kind="post")
    certificate = CertificateFactory(user=enrolment.user, course=course)
    survey = SurveyResponseFactory(user=enrolment.user, course=course)
    assert (
        {enrolment.course_key, attempt.course_key, certificate.course_key}
        == {course.translation_key}
        == {survey.course_key}
    )
    assert attempt.quiz == course.post_test and attempt.status == QuizAttempt.Status.SUBMITTED
    assert certificate.status() == "valid" and len(certificate.code) == 16


def test_the_home_page_replaces_the_welcome_page(client, db):
    home = home_page(languages=("en", "fr"))
    assert site_root().pk == home.pk and home.get_translation(locale("fr")).live
    assert "<h1>Protecting public spaces together</h1>" in client.get("/en/").content.decode()
