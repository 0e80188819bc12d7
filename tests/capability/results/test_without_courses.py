"""The results app on a site without the courses plugin: workshop figures count, online
learning has no value, and the dashboards still answer (run by `make test-plugins` with
`ctps.settings.test_capability_only`)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from capability.results.indicators import queries
from capability.results.indicators.queries import Scope
from tests.factories.accounts import ManagerFactory
from tests.factories.register import (
    AttendanceFactory,
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.skipif(
    apps.is_installed("courses"), reason="the courses plugin is installed in this run"
)
D = datetime.date


@pytest.fixture
def zedland(db):
    country = CountryFactory(code="ZZ", name="Zedland")
    police = OrganisationFactory(name="Zed Police", country=country, type="police")
    workshop = WorkshopFactory(
        code="zz-w1", title="Table-top", kind="table_top", result_area="01", country=country,
        start_date=D(2025, 3, 1), end_date=D(2025, 3, 2), hours=Decimal(12), competency_level=2,
    )  # fmt: skip
    for number, sex in enumerate("FFMMF", start=1):
        person = PersonFactory(
            given_name=f"p{number}", family_name="Zedson", sex=sex, country=country,
            organisation=police,
        )  # fmt: skip
        AttendanceFactory(
            person=person, workshop=workshop, pre_test_score=Decimal(40),
            post_test_score=Decimal(60 + number),
        )  # fmt: skip
    return Scope(frozenset({country.pk}), D(2024, 1, 1), D(2026, 12, 31)), country


def test_workshop_figures_count_and_online_learning_has_no_value(zedland):
    scope, country = zedland
    assert queries.people_trained(scope)[country.pk].value == 5
    assert queries.workshops_held(scope)[country.pk].value == 1
    assert queries.person_hours(scope)[country.pk].value == 60  # 5 people × 12 h
    assert queries.course_completions(scope) == {}
    assert queries.certificates_issued(scope) == {}


@pytest.mark.parametrize("slug", ["", "overview/", "learning/", "trend/"])
def test_dashboards_answer_without_the_courses_plugin(client, zedland, slug):
    client.force_login(ManagerFactory())
    response = client.get(f"/admin/indicators/dashboards/{slug}?country=ZZ")
    assert response.status_code == 200
