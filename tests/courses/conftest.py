"""Builders for courses tests: real pages in the Wagtail tree, real quizzes, real users, made
with the factories of tests/factories/courses.py on a database without the demo."""

import pytest
from django.apps import apps
from django.http import QueryDict

from courses.models import Question
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.courses import CoursePageFactory, QuestionBankFactory
from tests.factories.site import locale, site_root

__all__ = ["PASSWORD", "answers_for", "make_bank"]

ROLES = {
    "Trainee": "trainee",
    "Country staff": "country_staff",
    "Programme staff": "programme_staff",
    "Manager": "manager",
}


def make_bank(title="Bank"):
    """One question of every type, 1 point each."""
    return QuestionBankFactory(title=title, questions=True)


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
    return site_root()


@pytest.fixture
def make_course(root_page):
    """Course n of this test ("Course 1", slug course-1…) with `lessons` lessons, a pre-test
    (one attempt) and a post-test sharing one bank; `quiz_options` go to the post-test."""
    counter = {"n": 0}

    def _make(*, lessons=3, pre=True, post=True, self_enrolment=True, **quiz_options):
        counter["n"] += 1
        n = counter["n"]
        extra = {} if pre else {"pre_test": None}
        if not post:
            extra["post_test"] = None
        return CoursePageFactory(
            title=f"Course {n}",
            slug=f"course-{n}",
            self_enrolment=self_enrolment,
            bank=make_bank(f"Bank {n}"),
            pre_test__title=f"Pre {n}",
            post_test__title=f"Post {n}",
            lessons=lessons,
            **extra,
            **{f"post_test__{name}": value for name, value in quiz_options.items()},
        )

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


def same_country(*users, code: str = "GH") -> None:
    """When the capability plugin is installed, put these accounts in one country: staff
    as members of it, the others with it as their account's country (no register entry)."""
    if not apps.is_installed("capability.register"):
        return
    from capability.register.models import AccountCountry, Country, StaffCountry

    country = Country.objects.get(code=code)
    for user in users:
        if user.is_staff or user.groups.filter(name="Country staff").exists():
            StaffCountry.objects.get_or_create(user=user, country=country)
        else:
            AccountCountry.objects.update_or_create(user=user, defaults={"country": country})


@pytest.fixture
def make_user(db):
    """A user with this email (their password: PASSWORD) in the group named `group`."""

    def _make(email="kofi@example.org", group=None):
        user = UserFactory(email=email, first_name="", last_name="", role=ROLES.get(group))
        register_in_capability(user)
        return user

    return _make


@pytest.fixture
def trainee(make_user):
    return make_user("kofi@example.org", "Trainee")


@pytest.fixture
def french(db):
    return locale("fr")
