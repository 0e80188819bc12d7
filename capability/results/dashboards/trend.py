"""Trend: cumulative people trained and workshops held per quarter, against their targets."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db.models import Count, Min, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capability.register.models import Attendance, Person
from capability.register.models.choices import AttendanceRole

from ..indicators.disclosure import Relation, Status, protect
from ..indicators.export import across_years
from ..indicators.periods import label, period_bounds, period_of, quarters_between
from ..indicators.queries import (
    Scope,
    _between,
    _datetime_between,
    _enrolment_model,
    _midnight,
    held_workshops,
    people_trained,
    total,
)
from ..indicators.table import PROGRAMME, people_statuses
from ..models import IndicatorTarget
from ..models.indicators import Computation
from ..tables import Table
from .base import COLOURS, countries_in, figure, published, withheld_note

slug = "trend"
title = gettext_lazy("Trend")
# the filters this dashboard's breakdowns support
filters = ("country", "start", "end")


def _quarter_ends(scope: Scope) -> list[datetime.date]:
    return [period_bounds(*quarter)[1] for quarter in quarters_between(scope.start, scope.end)]


def _people_by_quarter(scope: Scope) -> list[int]:
    """People trained from the scope's start to each quarter's end (cumulative).

    A person counts from their first training day in the period: their first workshop
    participation or first online course completion, so the last figure equals the
    people-trained indicator. Counted in two disjoint parts, each one GROUP BY per person
    with a filtered count per quarter (one GROUP BY over people joined to both their
    attendances and their enrolments would pair every attendance with every enrolment):

    - people whose first workshop in the period falls by the quarter's end: attendances
      grouped by person, no join to people unless countries are selected;
    - people who completed a course by the quarter's end but had no workshop by then: only
      the few people with a course completion in the period, joined to their attendances.
    """
    ends = _quarter_ends(scope)
    attended = scope.countries(Attendance.objects.participants(), "person__country").filter(
        _between("workshop__start_date", scope)
    )
    by_workshop = (
        attended.order_by()
        .values("person")
        .annotate(first_workshop=Min("workshop__start_date"))
        .aggregate(
            **{
                f"q{index}": Count("person", filter=Q(first_workshop__lte=end))
                for index, end in enumerate(ends)
            }
        )
    )
    counts = [by_workshop[f"q{index}"] for index in range(len(ends))]
    Enrolment = _enrolment_model()
    if Enrolment is None:
        return counts
    completed = _datetime_between("user__enrolments__completed_at", scope)
    attended_first = Q(attendances__role=AttendanceRole.PARTICIPANT) & _between(
        "attendances__workshop__start_date", scope
    )
    by_course = (
        scope.countries(Person.objects.filter(completed), "country")
        .order_by()
        .values("pk")
        .annotate(
            first_course=Min("user__enrolments__completed_at"),
            first_workshop=Min("attendances__workshop__start_date", filter=attended_first),
        )
        .aggregate(
            **{
                f"q{index}": Count(
                    "pk",
                    filter=Q(first_course__lt=_midnight(end + datetime.timedelta(days=1)))
                    & (Q(first_workshop__isnull=True) | Q(first_workshop__gt=end)),
                )
                for index, end in enumerate(ends)
            }
        )
    )
    return [count + by_course[f"q{index}"] for index, count in enumerate(counts)]


def _workshops_by_quarter(scope: Scope) -> list[int]:
    """Workshops held from the scope's start to each quarter's end (cumulative)."""
    ends = _quarter_ends(scope)
    counts = held_workshops(scope).aggregate(
        **{
            f"q{index}": Count("pk", filter=Q(start_date__lte=end))
            for index, end in enumerate(ends)
        }
    )
    return [counts[f"q{index}"] for index in range(len(ends))]


def _targets(scope: Scope, *computations: str) -> dict[str, dict[str, float]]:
    """Year targets (at the year's last quarter) of the indicators computed as
    `computations`, by computation: the programme's, or the sum of the selected countries'.
    One query for all of them."""
    targets = IndicatorTarget.objects.filter(
        indicator__computation__in=computations, quarter__isnull=True
    )
    if scope.country_ids is None:
        targets = targets.filter(country__isnull=True)
    else:
        targets = targets.filter(country__in=scope.country_ids)
    rows = (
        targets.order_by()
        .values("indicator__computation", "year")
        .annotate(total=Sum("value"))
        .order_by("indicator__computation", "year")
    )
    result: dict[str, dict[str, float]] = {computation: {} for computation in computations}
    for row in rows:
        result[row["indicator__computation"]][label(row["year"], 4)] = float(row["total"])
    return result


def aggregates(scope: Scope) -> dict:
    """Cumulative people trained and workshops held at each quarter's end, with the year
    targets: every quarter a filtered count; four queries (two for people, one for
    workshops, one for both indicators' targets)."""
    quarters = quarters_between(scope.start, scope.end)
    targets = _targets(scope, Computation.PEOPLE_TRAINED, Computation.WORKSHOPS_HELD)
    people = _people_by_quarter(scope)
    return {
        "quarters": [label(*quarter) for quarter in quarters],
        "people": people,
        "people_statuses": _series_statuses(scope, people),
        "workshops": _workshops_by_quarter(scope),
        "people_targets": targets[Computation.PEOPLE_TRAINED],
        "workshop_targets": targets[Computation.WORKSHOPS_HELD],
    }


def _series_statuses(scope: Scope, series: list[int]) -> list[str]:
    """Which cumulative points to withhold: two adjacent points give the newcomers between
    them, so a difference of 1 to 4 people hides points (the earlier first) until linear
    programming finds no newcomer count narrower than the protection. The last point is the
    people-trained figure of the indicator table, and each earlier reporting year's end is
    that year's figure of the yearly table (xlsx, IATI): they keep the statuses those give."""
    if not series:
        return []
    values, relations, previous = {}, [], None
    for index, value in enumerate(series):
        values[("c", index)] = value
        values[("new", index)] = value - (series[index - 1] if index else 0)
        parts = (("new", index),) if previous is None else (previous, ("new", index))
        relations.append(Relation(("c", index), parts))
        previous = ("c", index)
    fixed = _published_points(scope, len(series))
    statuses = protect(
        values, relations, unpublished={("new", i) for i in range(len(series))}, fixed=fixed
    )
    return [str(statuses.get(("c", index), Status.SHOWN)) for index in range(len(series))]


def _published_points(scope: Scope, points: int) -> dict:
    """The statuses of the points the indicator tables publish too: each reporting year's
    end (protected across the years, `export.across_years`) and the last point. One query
    per earlier year end."""
    countries = [country["id"] for country in countries_in(scope)]
    ends = _quarter_ends(scope)[:points]
    year_ends = [
        (index, end)
        for index, end in enumerate(ends[:-1])
        if end == period_bounds(period_of(end)[0])[1]
    ]
    counts = []
    for _index, end in year_ends:
        cells = people_trained(replace(scope, end=end))
        counts.append(_places(cells, countries, scope))
    cells = people_trained(scope)
    last = people_statuses(cells, countries, scope)
    if PROGRAMME not in last:
        return {}
    counts.append(_places(cells, countries, scope))
    statuses = across_years(counts, {k: v for k, v in last.items() if k in counts[-1]})
    fixed = {
        ("c", index): statuses[time][PROGRAMME] for time, (index, _end) in enumerate(year_ends)
    }
    fixed[("c", points - 1)] = last[PROGRAMME]
    return {key: status for key, status in fixed.items() if status is not None}


def _places(cells: dict, countries: list[int], scope: Scope) -> dict:
    """The programme's and each country's people trained, as the indicator table has them."""
    programme = total(cells, scope)
    return {
        PROGRAMME: programme.people if programme else 0,
        **{pk: cells[pk].people if pk in cells else 0 for pk in countries},
    }


def _people_cells(data: dict) -> list:
    statuses = data.get("people_statuses") or [None] * len(data["people"])
    return [
        published(value, status=status)
        for value, status in zip(data["people"], statuses, strict=True)
    ]


def figures(data: dict) -> list:
    result = []
    for key, name in (("people", _("People trained")), ("workshops", _("Workshops held"))):
        values = data[key]
        fig = figure(
            _("%(name)s, cumulative per quarter") % {"name": name},
            xaxis={"type": "category"},
        )
        cells = _people_cells(data) if key == "people" else None
        fig.add_scatter(
            x=data["quarters"],
            y=[cell.plotted for cell in cells] if cells else values,
            mode="lines+markers",
            name=name,
            line={"color": COLOURS["series"][1]},
        )
        targets = data["people_targets" if key == "people" else "workshop_targets"]
        shown_targets = {q: v for q, v in targets.items() if q in data["quarters"]}
        if shown_targets:
            fig.add_scatter(
                x=list(shown_targets),
                y=list(shown_targets.values()),
                mode="markers",
                marker={"symbol": "diamond", "size": 12, "color": COLOURS["target"]},
                name=_("Target"),
            )
        if cells:
            hidden = [(q, c) for q, c in zip(data["quarters"], cells, strict=True) if c.hidden]
            withheld_note(fig, hidden)
        result.append(fig)
    return result


def tables(data: dict) -> list[Table]:
    table = Table(
        _("Cumulative people trained and workshops held"),
        [_("Quarter"), _("People trained"), _("Target"), _("Workshops held"), _("Target")],
        slug="trend",
    )
    people = _people_cells(data)
    for index, quarter in enumerate(data["quarters"]):
        table.rows.append(
            [
                quarter,
                people[index].cell,
                data["people_targets"].get(quarter),
                data["workshops"][index],
                data["workshop_targets"].get(quarter),
            ]
        )
    return [table]
