"""Trend: cumulative people trained and workshops held per quarter, against their targets."""

from __future__ import annotations

import datetime
from itertools import accumulate

from django.db.models import Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Least, TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..indicators.periods import label, period_of, quarters_between
from ..indicators.queries import (
    Scope,
    _between,
    _datetime_between,
    _enrolment_model,
    held_workshops,
    trained_people,
)
from ..models import Attendance, IndicatorTarget
from ..models.indicators import Computation
from .base import COLOURS, Table, figure, plotted, shown

slug = "trend"
title = gettext_lazy("Trend")
FAR_FUTURE = datetime.date(9999, 12, 31)


def _first_trained(scope: Scope):
    """People trained in the period, annotated with their first training day in the period
    (so the last cumulative figure equals the people-trained indicator)."""
    first_workshop = (
        Attendance.objects.participants()
        .filter(_between("workshop__start_date", scope), person=OuterRef("pk"))
        .order_by("workshop__start_date")
        .values("workshop__start_date")[:1]
    )
    first = Coalesce(Subquery(first_workshop), Value(FAR_FUTURE))
    Enrolment = _enrolment_model()
    if Enrolment is not None:
        first_course = (
            Enrolment.objects.filter(
                _datetime_between("completed_at", scope), user=OuterRef("user")
            )
            .order_by("completed_at")
            .annotate(day=TruncDate("completed_at"))
            .values("day")[:1]
        )
        first = Least(first, Coalesce(Subquery(first_course), Value(FAR_FUTURE)))
    return trained_people(scope).annotate(first=first)


def _by_quarter(rows) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        key = period_of(datetime.date(row["year"], row["month"], 1))
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _targets(scope: Scope, computation: str) -> dict[str, float]:
    """Year targets (at the year's last quarter) of the indicator computed as `computation`:
    the programme's, or the sum of the selected countries'."""
    targets = IndicatorTarget.objects.filter(
        indicator__computation=computation, quarter__isnull=True
    )
    if scope.country_ids is None:
        targets = targets.filter(country__isnull=True)
    else:
        targets = targets.filter(country__in=scope.country_ids)
    rows = targets.order_by().values("year").annotate(total=Sum("value"))
    return {label(row["year"], 4): float(row["total"]) for row in rows}


def aggregates(scope: Scope) -> dict:
    """Quarterly new people trained and workshops held, cumulated, with the year targets."""
    people_rows = (
        _first_trained(scope)
        .order_by()
        .values(
            year=ExtractYear("first"),
            month=ExtractMonth("first"),
        )
        .annotate(n=Count("pk"))
    )
    workshop_rows = (
        held_workshops(scope)
        .order_by()
        .values(year=ExtractYear("start_date"), month=ExtractMonth("start_date"))
        .annotate(n=Count("pk"))
    )
    people, workshops = _by_quarter(people_rows), _by_quarter(workshop_rows)
    quarters = quarters_between(scope.start, scope.end)
    return {
        "quarters": [label(*quarter) for quarter in quarters],
        "people": list(accumulate(people.get(quarter, 0) for quarter in quarters)),
        "workshops": list(accumulate(workshops.get(quarter, 0) for quarter in quarters)),
        "people_targets": _targets(scope, Computation.PEOPLE_TRAINED),
        "workshop_targets": _targets(scope, Computation.WORKSHOPS_HELD),
    }


def figures(data: dict) -> list:
    result = []
    for key, name in (("people", _("People trained")), ("workshops", _("Workshops held"))):
        values = data[key]
        fig = figure(
            _("%(name)s, cumulative per quarter") % {"name": name},
            xaxis={"type": "category"},
        )
        fig.add_scatter(
            x=data["quarters"],
            y=[plotted(value) for value in values] if key == "people" else values,
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
        result.append(fig)
    return result


def tables(data: dict) -> list[Table]:
    table = Table(
        _("Cumulative people trained and workshops held"),
        [_("Quarter"), _("People trained"), _("Target"), _("Workshops held"), _("Target")],
        slug="trend",
    )
    for index, quarter in enumerate(data["quarters"]):
        table.rows.append(
            [
                quarter,
                shown(data["people"][index]),
                data["people_targets"].get(quarter),
                data["workshops"][index],
                data["workshop_targets"].get(quarter),
            ]
        )
    return [table]
