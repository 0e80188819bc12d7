"""The knowledge gain counts online pre/post pairs taken on matched forms only: the same
questions asked twice (answers copied from the pre-test's result) measure nothing."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from capability.results.dashboards import learning
from capability.results.indicators import queries
from capability.results.indicators.queries import Scope

pytestmark = pytest.mark.skipif(
    not apps.is_installed("courses"), reason="the courses plugin is not installed"
)


def _scope(world) -> Scope:
    start, end = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
    return Scope(frozenset({world.country.pk}), start, end)


def _gains(world):
    improved = queries.improved_share(_scope(world))[world.country.pk]
    gain = queries.mean_gain(_scope(world))[world.country.pk]
    return improved.value, gain.value


@pytest.mark.parametrize("matched", [False, True])
def test_only_matched_forms_count_in_the_gain(world, matched):
    from tests.factories.accounts import UserFactory
    from tests.factories.courses import CoursePageFactory, EnrolmentFactory

    before = _gains(world)
    person = world.people["p3"]
    person.user = UserFactory(email="copier@zz.example")
    person.save()
    course = CoursePageFactory(title="Copied answers", slug="copied-answers")
    EnrolmentFactory(
        user=person.user, course=course, pre_score=Decimal(0), post_score=Decimal(100),
        matched_forms=matched,
    )  # fmt: skip
    course.enrolments.update(enrolled_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 12)))
    after = _gains(world)
    # The learning dashboard's gain per course reads the same pairs.
    courses = {row["key"] for row in learning.aggregates(_scope(world))["by_course"]}
    assert ("Copied answers" in courses) is matched
    if matched:
        # one more scored pair, +100: 6 of 8 improved, (125 + 100) / 8 on average
        assert after == (round(6 / 8 * 100, 1), round(225 / 8, 1))
    else:
        assert after == before == (round(5 / 7 * 100, 1), round(125 / 7, 1))
