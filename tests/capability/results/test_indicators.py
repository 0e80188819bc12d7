"""Every computed indicator against the hand-counted world of indicator_fixtures.py."""

import datetime
from decimal import Decimal

import pytest

from capability.register.models import Workshop
from capability.results.indicators import queries
from capability.results.indicators.queries import SUPPRESSED, Scope, suppress
from capability.results.indicators.table import Figure, indicator_rows
from capability.results.models import Indicator, IndicatorTarget, IndicatorValue

D = datetime.date
START, END = D(2024, 1, 1), D(2026, 12, 31)


def zz(world, start=START, end=END) -> Scope:
    return Scope(frozenset({world.country.pk}), start, end)


def value(world, query, **kwargs):
    cells = query(zz(world, **kwargs))
    assert set(cells) <= {world.country.pk}
    cell = cells.get(world.country.pk)
    return None if cell is None else cell.value


def test_people_trained_counts_participants_and_online_completers_once(world):
    cell = queries.people_trained(zz(world))[world.country.pk]
    # p1..p7 at workshops (p8 only trained others, p2's 2023 workshop is outside), p9 online
    assert cell.value == 8 and cell.people == 8


def test_people_trained_by_sex_and_organisation_type(world):
    rows = queries.people_trained_by(zz(world), "sex")
    assert {row["sex"]: row["n"] for row in rows} == {"F": 4, "M": 4}
    rows = queries.people_trained_by(zz(world), "organisation__type")
    assert {row["organisation__type"]: row["n"] for row in rows} == {
        "police": 3,  # p1 p2 p6
        "private_security": 2,
        "venue_operator": 1,
        None: 2,  # p7 p9
    }


def test_workshops_held_in_the_period_by_kind(world):
    assert value(world, queries.workshops_held) == 3
    assert value(world, queries.workshops_held, start=D(2025, 1, 1), end=D(2025, 6, 30)) == 2
    rows = queries.workshops_by(zz(world), "kind")
    assert {row["kind"]: row["n"] for row in rows} == {
        "table_top": 1,
        "training_course": 1,
        "awareness_seminar": 1,
    }


def test_person_hours_add_workshop_hours_and_course_hours(world):
    course_hours = float(world.course.estimated_hours)
    assert value(world, queries.person_hours) == 4 * 12 + 2 * 30 + 2 * 6 + course_hours


def test_improved_share_and_mean_gain_cover_workshops_and_online_courses(world):
    # scored: p1 +20, p2 +5, p3 +15, p6 +20, p7 +5, p5 +30 and p9 online +30
    assert value(world, queries.improved_share) == round(5 / 7 * 100, 1)
    assert value(world, queries.mean_gain) == round(125 / 7, 1)


def test_online_course_enrolments_completions_and_rate(world):
    assert value(world, queries.course_enrolments) == 1
    assert value(world, queries.course_completions) == 1
    assert value(world, queries.completion_rate) == 100.0
    assert suppress(queries.course_enrolments(zz(world))[world.country.pk]) == SUPPRESSED


def test_practitioners_count_people_at_level_two_or_more(world):
    assert value(world, queries.practitioners) == 2  # p1 and p6


def test_private_organisations_reached_and_joint_exercises(world):
    assert value(world, queries.private_organisations) == 2  # guards and arena
    assert value(world, queries.joint_exercises) == 1  # W1: police and private security


def test_trainers_certified_and_their_cascade(world):
    assert value(world, queries.trainers_certified) == 1  # p6 at W2
    assert value(world, queries.cascade_workshops) == 1  # W3, led by p6 after W2
    assert value(world, queries.cascade_reach) == 2  # p5 and p1


def test_deliverables_adopted_and_risk_assessments(world):
    assert value(world, queries.deliverables_adopted) == 2  # D1, D4
    assert value(world, queries.risk_assessments) == 2  # D2 validated, D4 adopted
    assert value(world, queries.deliverables_adopted, end=D(2025, 12, 31)) == 1


def test_follow_up_applying_share(world):
    assert value(world, queries.follow_up_applying) == round(2 / 3 * 100, 1)


def test_certificates_issued_and_mean_reaction_score(world):
    assert value(world, queries.certificates_issued) == 1  # the revoked one does not count
    assert value(world, queries.certificates_issued, end=D(2025, 9, 30)) is None
    assert value(world, queries.reaction_score) == 4.0  # (5 + 4 + 3) / 3
    assert suppress(queries.reaction_score(zz(world))[world.country.pk]) == SUPPRESSED


def test_course_indicators_have_no_value_without_their_models(world, settings):
    settings.CAPABILITY_CERTIFICATE_MODEL = "courses.NoSuchModel"
    settings.CAPABILITY_REACTION_MODEL = "nosuchapp.Response"
    assert queries.certificates_issued(zz(world)) == {}
    assert queries.reaction_score(zz(world)) == {}
    assert queries.empty_cell("certificates_issued") is None
    assert queries.empty_cell("people_trained").value == 0


def test_cells_from_fewer_than_five_people_are_suppressed(world):
    cells = queries.practitioners(zz(world))
    assert suppress(cells[world.country.pk]) == SUPPRESSED
    assert suppress(queries.people_trained(zz(world))[world.country.pk]) == 8
    # counts of things (workshops) are not counts of people: never suppressed
    assert suppress(queries.workshops_held(zz(world))[world.country.pk]) == 3


def test_a_country_staff_scope_never_reaches_another_country(world, ghana_staff, manager):
    from capability.results.indicators.queries import scope_for

    scope = scope_for(ghana_staff, country_ids={world.country.pk})
    assert scope.country_ids == frozenset()
    assert queries.people_trained(scope) == {}
    assert scope_for(manager).country_ids is None


@pytest.mark.parametrize(
    ("actual", "target", "ascending", "status"),
    [
        (100, 100, True, "met"),
        (80, 100, True, "on_track"),
        (74, 100, True, "off_track"),
        (8, 10, False, "met"),
        (12, 10, False, "on_track"),
        (20, 10, False, "off_track"),
        (3, 100, True, "unknown"),  # suppressed actual: no comparison
    ],
)
def test_target_comparison(actual, target, ascending, status):
    cell = queries.Cell(Decimal(actual), people=actual)
    assert Figure(None, cell, target, None).status(ascending) == status


def test_indicator_rows_compare_with_the_year_target_and_use_manual_values(world):
    computed = Indicator.objects.create(code="ZZ.1", title="People", computation="people_trained")
    IndicatorTarget.objects.create(indicator=computed, country=world.country, year=2026, value=10)
    IndicatorTarget.objects.create(indicator=computed, country=world.country, year=2025, value=5)
    manual = Indicator.objects.create(code="ZZ.2", title="Strategies")
    IndicatorTarget.objects.create(indicator=manual, country=world.country, year=2026, value=2)
    IndicatorValue.objects.create(indicator=manual, country=world.country, year=2025, value=1)
    IndicatorValue.objects.create(indicator=manual, country=world.country, year=2026, value=2)
    rows = {
        row.indicator.code: row
        for row in indicator_rows(zz(world), indicators=Indicator.objects.for_table())
    }
    people = rows["ZZ.1"].countries[0]
    assert (people.shown, people.target, people.status()) == (8, 10, "on_track")
    assert rows["ZZ.2"].countries[0].shown == 2 and rows["ZZ.2"].countries[0].status() == "met"
    in_2025 = indicator_rows(zz(world, end=D(2025, 12, 31)), indicators=[computed])[0]
    assert in_2025.countries[0].target == 5


def test_cache_is_dropped_when_the_data_changes(world):
    from capability.results.dashboards import dashboard_data

    scope = zz(world)
    before = dashboard_data("trend", scope)["workshops"][-1]
    Workshop.objects.create(
        code="zz-w5", title="w5", kind="workshop", result_area="01", country=world.country,
        start_date=D(2026, 2, 1), end_date=D(2026, 2, 1),
    )  # fmt: skip
    assert dashboard_data("trend", scope)["workshops"][-1] == before + 1


def test_demo_framework_is_idempotent_and_partly_on_track(demo):
    from django.core.management import call_command

    from capability.results.models import Deliverable, FollowUp, IndicatorBaseline
    from capability.results.models.pages import DashboardPage

    models = (Indicator, IndicatorBaseline, IndicatorTarget, IndicatorValue, Deliverable,
              FollowUp, DashboardPage, Workshop)  # fmt: skip
    before = {model: model.objects.count() for model in models}
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {model: model.objects.count() for model in models} == before
    assert 10 <= before[Indicator] <= 15
    statuses = {
        row.total.status(row.indicator.ascending) for row in indicator_rows(Scope(None, START, END))
    }
    assert {"met", "off_track"} <= statuses  # partly on track
