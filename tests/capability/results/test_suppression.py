"""Complementary suppression: a "<5" cell never comes back as a published total minus the rest."""

import datetime
from decimal import Decimal

import pytest

from capability.register.models import Attendance, Country
from capability.results.dashboards import disaggregation
from capability.results.indicators.export import iati_activity
from capability.results.indicators.queries import SUPPRESSED, Scope
from capability.results.indicators.suppression import withheld
from capability.results.indicators.table import indicator_rows
from capability.results.models import Indicator
from tests.factories.register import (
    AttendanceFactory,
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    WorkshopFactory,
    country,
)
from tests.factories.results import logframe

D = datetime.date


def test_one_small_cell_in_a_group_takes_the_smallest_other_with_it():
    counts = {"GH": 120, "KE": 3, "SN": 40}
    assert withheld(counts, [counts]) == {"KE", "SN"}


def test_two_small_cells_protect_each_other_and_zeros_stay_shown():
    counts = {"GH": 120, "KE": 3, "SN": 2, "TG": 0}
    assert withheld(counts, [counts]) == {"KE", "SN"}
    assert withheld({"GH": 120, "KE": 0}, [["GH", "KE"]]) == set()


def test_a_complement_hidden_for_one_group_is_protected_in_the_other():
    # rows: countries; columns: sexes. Each country's and each sex's total is published.
    counts = {("GH", "F"): 2, ("GH", "M"): 50, ("KE", "F"): 30, ("KE", "M"): 60}
    groups = [
        [("GH", "F"), ("GH", "M")],
        [("KE", "F"), ("KE", "M")],
        [("GH", "F"), ("KE", "F")],
        [("GH", "M"), ("KE", "M")],
    ]
    hidden = withheld(counts, groups)
    assert hidden == set(counts)  # GH-F small; GH-M and KE-F complements; then KE-M
    for group in groups:
        assert sum(key in hidden for key in group if counts[key]) != 1


def test_an_unpublished_part_of_the_total_counts_as_hidden_but_is_not_returned():
    counts = {"GH": 120, "KE": 3, None: 2}
    assert withheld(counts, [counts], unpublished=[None]) == {"KE"}


@pytest.fixture
def small_world(db):
    """Country "ZY": 7 men and 2 women trained at one 2025 workshop, all police. Beside it,
    Ghana trained twelve people in March 2025, and the logical framework is in place."""
    logframe()
    AttendanceFactory.create_batch(
        12, workshop=WorkshopFactory(country=country("GH"), start_date=D(2025, 3, 10))
    )
    zyland = CountryFactory(code="ZY", name="Zyland")
    police = OrganisationFactory(name="Zy Police", country=zyland, type="police")
    workshop = WorkshopFactory(
        code="zy-w1", title="Zy table-top", kind="table_top", result_area="01",
        country=zyland, start_date=D(2025, 3, 1), end_date=D(2025, 3, 2),
        hours=Decimal(12), competency_level=2,
    )  # fmt: skip
    for number, sex in enumerate("MMMMMMMFF"):
        person = PersonFactory(
            given_name=f"p{number}", family_name="Zyson", sex=sex, country=zyland,
            organisation=police,
        )  # fmt: skip
        AttendanceFactory(person=person, workshop=workshop, role="participant")
    return zyland


def test_the_disaggregation_hides_the_other_sex_beside_a_small_one(small_world):
    scope = Scope(frozenset({small_world.pk}), D(2024, 1, 1), D(2026, 12, 31))
    tables = disaggregation.tables(disaggregation.aggregates(scope))
    by_sex = {row[0]: row[1] for row in tables[0].rows}
    # 9 people trained is published on the other dashboards: "<5" women and 7 men gives 2.
    assert by_sex["Female"] == SUPPRESSED
    assert by_sex["Male"] == "withheld"  # 7: hidden, and never labelled "<5"
    by_type = {row[0]: row[1] for row in tables[1].rows}
    assert by_type["Police"] == 9  # one category: the country total itself, shown


def test_the_indicator_table_hides_a_second_country_beside_a_small_one(small_world):
    ghana = Country.objects.get(code="GH")
    scope = Scope(frozenset({small_world.pk, ghana.pk}), D(2025, 3, 1), D(2025, 3, 31))
    indicator = Indicator.objects.filter(computation="people_trained").first()
    (row,) = indicator_rows(scope, indicators=Indicator.objects.filter(pk=indicator.pk))
    figures = {figure.country.code: figure for figure in row.countries}
    people_in_ghana = figures["GH"].actual.people
    assert people_in_ghana == 12 and figures["GH"].shown == 12
    assert figures["ZY"].actual.people == 9 and figures["ZY"].shown == 9
    # Now make Zyland small: only two of its people remain trained.
    Attendance.objects.filter(workshop__code="zy-w1").exclude(
        person__given_name__in=["p0", "p1"]
    ).delete()
    (row,) = indicator_rows(scope, indicators=Indicator.objects.filter(pk=indicator.pk))
    figures = {figure.country.code: figure for figure in row.countries}
    assert figures["ZY"].shown == SUPPRESSED
    assert figures["GH"].shown == "withheld"  # else total minus Ghana gives Zyland's 2
    assert row.total.shown == people_in_ghana + 2


def test_the_iati_export_refuses_a_country_and_leaves_hidden_values_out(small_world):
    from capability.results.indicators.export import NarrowIATIRequest

    with pytest.raises(NarrowIATIRequest):
        iati_activity(Scope(frozenset({small_world.pk}), D(2024, 1, 1), D(2025, 12, 31)))
    activity = iati_activity(Scope(None, D(2024, 1, 1), D(2025, 12, 31)))
    values = [
        value
        for result in activity.results
        for indicator in result.indicators
        for period in indicator.periods
        for value in period.actuals
    ]
    assert values and all(value.value is not None for value in values)
    assert {v.country for v in values} <= {"GH", "KE", "SN", None}  # the programme's countries
