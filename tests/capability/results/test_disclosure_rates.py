"""A rate never gives back a count hidden beside it: the completion rate is withheld where
its completions or enrolments are hidden, and a second country beside a single one."""

from decimal import Decimal

from capability.register.models import Country
from capability.results.indicators.disclosure import Status
from capability.results.indicators.queries import Cell
from capability.results.indicators.table import Figure, Row, withhold_rates_of_hidden_counts
from capability.results.models import Indicator
from capability.results.models.indicators import Computation

COUNTRIES = [Country(code=code, name=code) for code in ("GH", "KE", "SN")]


def _row(computation, programme: Cell, cells: list[Cell], hidden=()) -> Row:
    row = Row(
        Indicator(code=computation[:4], computation=computation),
        Figure(None, programme, None, None),
    )
    for country, cell in zip(COUNTRIES, cells, strict=True):
        figure = Figure(country, cell, None, None)
        if country.code in hidden:
            figure.disclosure = Status.WITHHELD
        row.countries.append(figure)
    return row


def _count(n: int) -> Cell:
    return Cell(Decimal(n), people=n)


def _rate(completed: int, enrolled: int) -> Cell:
    return Cell(Decimal(completed), Decimal(enrolled), people=enrolled, scale=100)


def test_a_rate_is_withheld_where_its_numerator_is_hidden_and_beside_a_single_one():
    # completions: Kenya 3 ("<5"), Ghana 12 withheld beside it; enrolments all shown
    completions = _row(
        Computation.COURSE_COMPLETIONS, _count(30), [_count(12), _count(3), _count(15)],
        hidden={"GH"},
    )  # fmt: skip
    enrolments = _row(
        Computation.COURSE_ENROLMENTS, _count(100), [_count(40), _count(20), _count(40)]
    )
    rate = _row(
        Computation.COMPLETION_RATE, _rate(30, 100), [_rate(12, 40), _rate(3, 20), _rate(15, 40)]
    )
    # Ghana's rate 30 % of 40 enrolments shown would give its 12 completions back
    assert rate.countries[0].published.status == Status.SHOWN
    withhold_rates_of_hidden_counts([completions, enrolments, rate])
    statuses = [figure.published.status for figure in rate.countries]
    assert statuses == [Status.WITHHELD, Status.WITHHELD, Status.SHOWN]
    assert rate.total.published.status == Status.SHOWN
    assert rate.countries[0].shown == "withheld"  # never "<5" on a rate


def test_a_single_hidden_rate_takes_a_second_one_with_it():
    completions = _row(
        Computation.COURSE_COMPLETIONS, _count(45), [_count(20), _count(10), _count(15)],
        hidden={"KE"},  # hidden for another reason (a breakdown)
    )  # fmt: skip
    enrolments = _row(
        Computation.COURSE_ENROLMENTS, _count(100), [_count(40), _count(20), _count(40)]
    )
    rate = _row(
        Computation.COMPLETION_RATE,
        _rate(45, 100),
        [_rate(20, 40), _rate(10, 20), _rate(15, 40)],
    )
    withhold_rates_of_hidden_counts([completions, enrolments, rate])
    hidden = [figure.country.code for figure in rate.countries if figure.published.hidden]
    assert hidden == ["GH", "KE"]  # Ghana: the fewest enrolments of the others (tie: code)


def test_nothing_changes_without_the_counts_in_the_table():
    rate = _row(
        Computation.COMPLETION_RATE, _rate(30, 100), [_rate(12, 40), _rate(8, 20), _rate(10, 40)]
    )
    withhold_rates_of_hidden_counts([rate])
    assert all(figure.published.status == Status.SHOWN for figure in rate.countries)
