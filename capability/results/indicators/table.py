"""The indicator table: baseline, target and actual of every indicator, per country and total.

Targets are cumulative from the programme's start (as the logical framework states them);
the target compared is the one of the reporting year holding the scope's end (a quarter's
target when one is set for that quarter). Manual values are cumulative too: the latest one
entered for a period inside the scope counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from capability.register.models import Country

from ..models import Indicator, IndicatorValue
from ..models.indicators import Computation
from .disclosure import Published, Relation, Status, hidden_status, protect
from .periods import period_of
from .queries import QUERIES, Cell, Scope, empty_cell, shared_queries, total
from .suppression import withheld

ON_TRACK_SHARE = 0.75  # below three quarters of the target: off track


@dataclass
class Figure:
    """A target/actual pair for one country (or the programme, country None)."""

    country: Country | None
    actual: Cell | None
    target: float | None
    baseline: float | None
    disclosure: Status | None = None  # set by the disclosure layer when the cell is hidden

    @property
    def published(self) -> Published:
        """The actual as it may be published (see `disclosure`)."""
        if self.actual is None or self.actual.value is None:
            return Published(None, Status.EMPTY)
        value = self.actual.value
        if self.disclosure is not None and self.disclosure.hidden:
            return Published(None, self.disclosure)
        if self.actual.suppressed or small_parts(self.actual):
            return Published(None, hidden_status(value if _is_count(self.actual) else None))
        return Published(value)

    @property
    def withheld(self) -> bool:
        return self.published.status == Status.WITHHELD

    @property
    def shown(self):
        """The actual as a manager may see it: its value, "<5", "withheld" or None."""
        return self.published.cell

    @property
    def progress(self) -> float | None:
        """Share of the target reached, in percent (None: no target or hidden actual)."""
        value = self.shown
        if self.target in (None, 0) or not isinstance(value, int | float):
            return None
        return round(value / self.target * 100, 1)

    def status(self, ascending: bool = True) -> str:
        """ "met", "on_track", "off_track" or "unknown"."""
        value = self.shown
        if self.target is None or not isinstance(value, int | float):
            return "unknown"
        if ascending:
            if value >= self.target:
                return "met"
            return "on_track" if value >= self.target * ON_TRACK_SHARE else "off_track"
        if value <= self.target:
            return "met"
        return "on_track" if self.target >= value * ON_TRACK_SHARE else "off_track"


STATUS_LABELS = {
    "met": _("Target met"),
    "on_track": _("On track"),
    "off_track": _("Off track"),
    "unknown": _("No target or data"),
}


def _is_count(cell: Cell) -> bool:
    """A count of people (its value is its head count): "<5" may describe it."""
    return cell.denominator is None and cell.people is not None and cell.people == cell.value


def small_parts(cell: Cell) -> bool:
    """A share whose numerator or complement is 1–4: publishing it with its denominator
    (published too, e.g. enrolments) would give that small number back."""
    if cell.denominator is None or cell.scale != 100:
        return False
    rest = cell.denominator - cell.numerator
    return 0 < cell.numerator < 5 or 0 < rest < 5


@dataclass
class Row:
    indicator: Indicator
    total: Figure
    countries: list[Figure] = field(default_factory=list)


def manual_cells(indicators: list[Indicator], scope: Scope) -> dict[int, dict]:
    """{indicator id: {country id or None: Cell}} from the latest manual value in scope.

    Manual values are a handful per indicator and period; picking the latest is done here.
    """
    manual = [indicator.pk for indicator in indicators if indicator.is_manual]
    if not manual:
        return {}
    queryset = IndicatorValue.objects.filter(
        indicator__in=manual, year__gte=period_of(scope.start)[0], year__lte=scope.end.year
    ).order_by("indicator", "country", "year", "quarter")
    if scope.country_ids is not None:
        queryset = queryset.filter(country__in=scope.country_ids)
    result: dict[int, dict] = {}
    for value in queryset.values("indicator", "country", "value"):
        # ordered by period: the last one seen is the latest
        result.setdefault(value["indicator"], {})[value["country"]] = Cell(value["value"])
    return result


def _target(indicator: Indicator, country_id: int | None, scope: Scope) -> float | None:
    year, quarter = period_of(scope.end)
    best = None
    for target in indicator.targets.all():  # prefetched
        if target.country_id != country_id or target.year != year:
            continue
        if target.quarter == quarter:
            return float(target.value)
        if target.quarter is None:
            best = float(target.value)
    return best


def _baseline(indicator: Indicator, country_id: int | None) -> float | None:
    for baseline in indicator.baselines.all():  # prefetched
        if baseline.country_id == country_id:
            return float(baseline.value)
    return None


def indicator_rows(scope: Scope, *, indicators=None) -> list[Row]:
    """Every indicator in scope with its figures; one query per computation in use."""
    if indicators is None:
        indicators = Indicator.objects.in_level(scope.level).for_table()
    indicators = list(indicators)
    countries = list(
        Country.objects.partners()
        if scope.country_ids is None
        else Country.objects.filter(pk__in=scope.country_ids)
    )
    computed = {}
    with shared_queries():
        for computation in {i.computation for i in indicators if i.computation}:
            computed[computation] = QUERIES[computation](scope)
    manual = manual_cells(indicators, scope)
    rows = []
    for indicator in indicators:
        cells = computed.get(indicator.computation) if indicator.computation else None
        if cells is None:
            cells = manual.get(indicator.pk, {})
            programme = cells.get(None)
            if programme is None and indicator.unit == "number":
                programme = total({k: v for k, v in cells.items() if k is not None}, scope)
        else:
            programme = total(cells, scope) or empty_cell(indicator.computation)
        row = Row(
            indicator,
            Figure(
                None,
                programme,
                _target(indicator, None, scope)
                if scope.country_ids is None
                else _sum_targets(indicator, countries, scope),
                _baseline(indicator, None),
            ),
        )
        for country in countries:
            row.countries.append(
                Figure(
                    country,
                    cells.get(country.pk)
                    or (empty_cell(indicator.computation) if indicator.computation else None),
                    _target(indicator, country.pk, scope),
                    _baseline(indicator, country.pk),
                )
            )
        _withhold_complements(row, cells, scope)
        rows.append(row)
    withhold_rates_of_hidden_counts(rows)
    return rows


# A rate and the counts it is made of are all published in the indicator table: a rate shown
# beside its hidden numerator (or denominator) and the other count gives the hidden one back.
RATE_PARTS = {
    Computation.COMPLETION_RATE: (Computation.COURSE_COMPLETIONS, Computation.COURSE_ENROLMENTS)
}


def withhold_rates_of_hidden_counts(rows: list[Row]) -> None:
    """Withhold a rate wherever a count it is made of is hidden, and then a second country's
    rate beside a single hidden one (the programme's rate and the denominators shown would
    give its numerator back). Rows of one table share their countries, in one order."""
    by_computation = {row.indicator.computation: row for row in rows if row.indicator.computation}
    for rate, parts in RATE_PARTS.items():
        row = by_computation.get(rate)
        counts = [by_computation[part] for part in parts if part in by_computation]
        if row is None or not counts:
            continue
        figures = [row.total, *row.countries]
        for position, figure in enumerate(figures):
            hidden_part = any(
                [count.total, *count.countries][position].published.hidden for count in counts
            )
            if hidden_part and figure.published.status == Status.SHOWN:
                figure.disclosure = Status.WITHHELD
        hidden = [figure for figure in row.countries if figure.published.hidden]
        if len(hidden) == 1 and row.total.published.status == Status.SHOWN:
            others = sorted(
                (f for f in row.countries if f.published.status == Status.SHOWN and f.actual),
                key=lambda f: (f.actual.people or 0, f.country.code),
            )
            if others:
                others[0].disclosure = Status.WITHHELD


PROGRAMME, OUTSIDE = "*", "?"


def _protect_counts(row: Row, cells: dict, scope: Scope) -> bool:
    """Counts of people: programme = countries + people with no country; protected and
    checked by linear programming (`disclosure.protect`). False when not a count."""
    figures = [row.total, *row.countries]
    if any(f.actual is not None and not _is_count(f.actual) for f in figures):
        return False
    statuses = people_statuses(cells, [figure.country.pk for figure in row.countries], scope)
    row.total.disclosure = statuses.get(PROGRAMME)
    for figure in row.countries:
        figure.disclosure = statuses.get(figure.country.pk)
    return True


def people_statuses(cells: dict, country_ids: list[int], scope: Scope) -> dict:
    """The statuses of the people-trained figures (programme `PROGRAMME`, countries by id)
    exactly as the indicator table publishes them: the disaggregations must agree."""
    values = {PROGRAMME: _people(total(cells, scope))}
    values.update({pk: _people(cells.get(pk)) or 0 for pk in country_ids})
    outside = {
        (OUTSIDE, key): _people(cell)
        for key, cell in cells.items()
        if key not in values and (key is not None or scope.country_ids is None)
    }
    values.update(outside)
    if values[PROGRAMME] is None:
        return {}
    return protect(
        values,
        [Relation(PROGRAMME, tuple(k for k in values if k != PROGRAMME))],
        unpublished=outside,
    )


def _people(cell: Cell | None) -> int | None:
    return None if cell is None else cell.people


def _withhold_complements(row: Row, cells: dict, scope: Scope) -> None:
    """Figures per country add up to the programme figure shown beside them: counts of
    people go through `disclosure.protect`; other figures with a head count (hours, rates)
    hide a second country wherever one alone is hidden (see `suppression`)."""
    if _protect_counts(row, cells, scope):
        return

    def people(cell: Cell | None) -> int | None:
        # a rate too: with the denominators published (enrolments, people followed up) the
        # programme's rate minus the shown countries gives a hidden country's numerator back
        return None if cell is None else cell.people

    counts = {figure.country.pk: people(figure.actual) for figure in row.countries}
    if not any(counts.values()):
        return
    outside = {  # parts of the total that are not shown: as in `total()`
        key: people(cell)
        for key, cell in cells.items()
        if key not in counts and (key is not None or scope.country_ids is None)
    }
    for figure in row.countries:  # a share from a small numerator counts as small
        if figure.actual is not None and small_parts(figure.actual):
            counts[figure.country.pk] = min(counts[figure.country.pk] or 1, 1)
    hidden = withheld({**counts, **outside}, [list(counts) + list(outside)], unpublished=outside)
    for figure in row.countries:
        if figure.country.pk in hidden and not figure.published.hidden:
            figure.disclosure = Status.WITHHELD


def _sum_targets(indicator: Indicator, countries, scope: Scope) -> float | None:
    """The target of a selection of countries: the sum of theirs (numbers only)."""
    targets = [_target(indicator, country.pk, scope) for country in countries]
    if len(countries) == 1:
        return targets[0]
    if indicator.is_percentage or any(target is None for target in targets):
        return None
    return sum(targets)
