"""Builders for courses tests: real pages in the Wagtail tree, real quizzes, real users."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.http import QueryDict
from wagtail.models import Locale, Site

from courses.models import (
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    Option,
    Question,
    QuestionBank,
    Quiz,
)

PASSWORD = "a-long-test-password"


def make_bank(title="Bank") -> QuestionBank:
    """One question of every type, 1 point each."""
    bank = QuestionBank.objects.create(title=title)
    single = Question.objects.create(bank=bank, kind="single", text="Single?", sort_order=1)
    Option.objects.create(question=single, text="right", is_correct=True, feedback="Yes!")
    Option.objects.create(question=single, text="wrong", feedback="No: think again.")
    multi = Question.objects.create(bank=bank, kind="multiple", text="Multi?", sort_order=2)
    for text, ok in [("a", True), ("b", True), ("c", False), ("d", False)]:
        Option.objects.create(question=multi, text=text, is_correct=ok)
    partial = Question.objects.create(
        bank=bank, kind="multiple", text="Partial?", partial_credit=True, sort_order=3
    )
    for text, ok in [("p", True), ("q", True), ("r", False), ("s", False)]:
        Option.objects.create(question=partial, text=text, is_correct=ok)
    tf = Question.objects.create(bank=bank, kind="true_false", text="True?", sort_order=4)
    Option.objects.create(question=tf, text="True", is_correct=True)
    Option.objects.create(question=tf, text="False")
    Question.objects.create(
        bank=bank, kind="numeric", text="Number?", numeric_answer=10, tolerance=0.5, sort_order=5
    )
    return bank


def answers_for(attempt, *, right=True) -> QueryDict:
    """A real form submission answering every question right (or wrong)."""
    data = QueryDict(mutable=True)
    for item in attempt.layout:
        q = Question.objects.get(pk=item["question"])
        if q.kind == "numeric":
            data[f"q{q.pk}"] = "10.4" if right else "12"
            continue
        chosen = [o.pk for o in q.options.all() if o.is_correct == right]
        if q.kind != "multiple":
            chosen = chosen[:1]
        data.setlist(f"q{q.pk}", [str(pk) for pk in chosen])
    return data


@pytest.fixture
def root_page(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def make_course(root_page):
    counter = {"n": 0}

    def _make(*, lessons=3, pre=True, post=True, self_enrolment=True, **quiz_options):
        counter["n"] += 1
        n = counter["n"]
        index = CourseIndexPage.objects.child_of(root_page).first()
        if index is None:
            index = CourseIndexPage(title="Courses", slug="courses")
            root_page.add_child(instance=index)
        bank = make_bank(f"Bank {n}")
        pre_quiz = Quiz.objects.create(
            title=f"Pre {n}", bank=bank, attempt_limit=1, shuffle_questions=False
        )
        post_quiz = Quiz.objects.create(title=f"Post {n}", bank=bank, pass_mark=70, **quiz_options)
        course = CoursePage(
            title=f"Course {n}",
            slug=f"course-{n}",
            summary="A course about protecting crowded places.",
            objectives="<p>Learn.</p>",
            topic="risk",
            pass_mark=70,
            self_enrolment=self_enrolment,
            pre_test=pre_quiz if pre else None,
            post_test=post_quiz if post else None,
        )
        course.competencies = [CourseCompetency(code="RISK-ASSESS", level=2)]
        index.add_child(instance=course)
        for i in range(lessons):
            lesson = LessonPage(
                title=f"Lesson {i + 1}",
                slug=f"lesson-{i + 1}",
                body=[("paragraph", f"<p>Text of lesson {i + 1}.</p>")],
            )
            course.add_child(instance=lesson)
        return course

    return _make


def register_in_capability(user) -> None:
    """When the capability plugin is installed, it asks unregistered users for their profile
    before enrolment; these tests are about courses, so give their users a register entry."""
    if not apps.is_installed("capability.register"):
        return
    from capability.register.models import Country
    from capability.register.services import person_for_user

    person_for_user(
        user=user,
        country=Country.objects.get(code="GH"),
        organisation=None,
        sex="M",
        rank="Inspector",
        consent=True,
        given_name="Kofi",
        family_name="Boateng",
    )


@pytest.fixture
def make_user(db):
    def _make(email="kofi@example.org", group=None):
        user = User.objects.create_user(username=email, email=email, password=PASSWORD)
        if group:
            user.groups.add(Group.objects.get(name=group))
        register_in_capability(user)
        return user

    return _make


@pytest.fixture
def trainee(make_user):
    return make_user("kofi@example.org", "Trainee")


@pytest.fixture
def french(db):
    return Locale.objects.get_or_create(language_code="fr")[0]
