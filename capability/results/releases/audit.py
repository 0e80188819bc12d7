"""Everything published for a release, as cells tied by sums, and its audit.

`publication(end)` gathers, for the quarter ending `end`, every count of people the
release publishes, with its true value and its published status, and the sums that tie
them: the indicator table (overview, public page, xlsx and IATI) at the end of every
reporting year and at `end`, the programme against its countries and people with no
country, each country's people trained by sex and by organisation type, and the cumulative
series (the trend per quarter, the yearly IATI periods) whose differences are newcomers.
`audit_publication()` then bounds every hidden cell, and every unpublished newcomer count
of 1 to 4, by linear programming (`indicators.disclosure.audit`).

Rates and figures that are not counts of people (hours, workshops, means) are left out:
rates are hidden by rule (fewer than 5 people, or a numerator or remainder of 1 to 4).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..dashboards import disaggregation, trend
from ..indicators.disclosure import Finding, Relation, Status, audit
from ..indicators.export import yearly_rows
from ..indicators.periods import period_bounds, period_of, programme_bounds, quarters_between
from ..indicators.queries import Scope
from ..indicators.table import _is_count
from ..models.indicators import Computation

PROGRAMME, OUTSIDE = "*", "?"


@dataclass
class Publication:
    values: dict = field(default_factory=dict)  # key -> true value
    statuses: dict = field(default_factory=dict)  # published key -> Status
    relations: list[Relation] = field(default_factory=list)

    def publish(self, key, value, status: Status) -> None:
        """One published figure; the same figure published twice is known if shown once."""
        self.values[key] = value
        if status == Status.EMPTY:
            return
        if self.statuses.get(key) == Status.SHOWN:
            return
        self.statuses[key] = status

    def findings(self) -> list[Finding]:
        return audit(self.statuses, self.values, self.relations)


def _series(publication: Publication, points: dict) -> None:
    """Cumulative figures per (indicator, place): each is the previous plus newcomers."""
    for (code, place), series in points.items():
        previous = None
        for time in sorted(series):
            new = ("new", code, place, time)
            current = ("v", code, place, time)
            publication.values[new] = publication.values[current] - (
                publication.values[previous] if previous else 0
            )
            parts = (new,) if previous is None else (previous, new)
            publication.relations.append(Relation(current, parts))
            previous = current


def publication(end: datetime.date) -> Publication:
    first, _last = programme_bounds()
    result = Publication()
    points: dict = {}
    people_code = None
    for _year, _start, time, rows in yearly_rows(Scope(None, first, end)):
        for row in rows:
            figures = [row.total, *row.countries]
            if not all(f.actual is None or _is_count(f.actual) for f in figures):
                continue
            code = row.indicator.code
            if row.indicator.computation == Computation.PEOPLE_TRAINED:
                people_code = code
            places = [(PROGRAMME, row.total)] + [(f.country.code, f) for f in row.countries]
            parts = []
            for place, figure in places:
                value = figure.actual.people if figure.actual is not None else None
                if value is None:
                    continue
                key = ("v", code, place, time)
                result.publish(key, value, figure.published.status)
                points.setdefault((code, place), set()).add(time)
                if place != PROGRAMME:
                    parts.append(key)
            if ("v", code, PROGRAMME, time) in result.values:
                outside = result.values[("v", code, PROGRAMME, time)] - sum(
                    result.values[key] for key in parts
                )
                key = ("v", code, OUTSIDE, time)
                result.values[key] = outside  # people with no country: never published
                points.setdefault((code, OUTSIDE), set()).add(time)
                result.relations.append(Relation(("v", code, PROGRAMME, time), (*parts, key)))
    scope = Scope(None, first, end)
    if people_code:
        _disaggregation(result, scope, people_code, end)
        _trend(result, scope, people_code, points)
    _series(result, points)
    return result


def _disaggregation(result: Publication, scope: Scope, code: str, end) -> None:
    data = disaggregation.aggregates(scope)
    for dimension in ("sex", "organisation_type"):
        totals, hidden = disaggregation._totals(data, dimension)
        for country in data["countries"]:
            keys = [k for k in totals if k[0] == country["code"]]
            parts = []
            for key in keys:
                cell = ("dim", dimension, *key, end)
                status = hidden.get(key)
                status = Status(status) if status else Status.SHOWN
                if not status.hidden and 0 < totals[key] < 5:
                    status = Status.PRIMARY
                if status == Status.NOT_BROKEN_DOWN:
                    result.values[cell] = totals[key]  # not published: a free part
                else:
                    result.publish(cell, totals[key], status)
                parts.append(cell)
            total = ("v", code, country["code"], end)
            if parts and total in result.values:
                result.relations.append(Relation(total, tuple(parts)))


def _trend(result: Publication, scope: Scope, code: str, points: dict) -> None:
    data = trend.aggregates(scope)
    for quarter_end, value, status in zip(
        [period_bounds(*period_of(day))[1] for day in _quarter_days(scope)],
        data["people"],
        data.get("people_statuses") or [],
        strict=False,
    ):
        key = ("v", code, PROGRAMME, quarter_end)
        result.publish(key, value, Status(status))
        points.setdefault((code, PROGRAMME), set()).add(quarter_end)


def _quarter_days(scope: Scope) -> list[datetime.date]:
    return [period_bounds(*quarter)[0] for quarter in quarters_between(scope.start, scope.end)]


def audit_publication(end: datetime.date) -> tuple[Publication, list[Finding]]:
    published = publication(end)
    return published, published.findings()
