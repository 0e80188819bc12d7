"""Trend: cumulative people trained and workshops held per quarter, against their targets."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..indicators.periods import label, period_bounds, quarters_between
from ..indicators.queries import (
    Scope,
    _datetime_between,
    _enrolment_model,
    _midnight,
    held_workshops,
)
from ..models import IndicatorTarget, Person
from ..models.choices import AttendanceRole
from ..models.indicators import Computation
from .base import COLOURS, Table, figure, plotted, shown

slug = "trend"
title = gettext_lazy("Trend")


def _quarter_ends(scope: Scope) -> list[datetime.date]:
    return [period_bounds(*quarter)[1] for quarter in quarters_between(scope.start, scope.end)]


def _people_by_quarter(scope: Scope) -> list[int]:
    """People trained from the scope's start to each quarter's end (cumulative), in one query.

    A person counts from their first training day in the period: their first workshop
    participation or first online course completion, so the last figure equals the
    people-trained indicator. The first days are one GROUP BY per person, computed once
    (a correlated subquery would run again for every quarter's count).
    """
    attended = Q(
        attendances__role=AttendanceRole.PARTICIPANT,
        attendances__workshop__start_date__gte=scope.start,
        attendances__workshop__start_date__lte=scope.end,
    )
    firsts = {"first_workshop": Min("attendances__workshop__start_date", filter=attended)}
    Enrolment = _enrolment_model()
    if Enrolment is not None:
        completed = _datetime_between("user__enrolments__completed_at", scope)
        firsts["first_course"] = Min("user__enrolments__completed_at", filter=completed)
    people = scope.countries(Person.objects.all(), "country").order_by().values("pk")

    def by(end: datetime.date) -> Q:
        condition = Q(first_workshop__lte=end)
        if Enrolment is not None:
            condition |= Q(first_course__lt=_midnight(end + datetime.timedelta(days=1)))
        return condition

    ends = _quarter_ends(scope)
    counts = people.annotate(**firsts).aggregate(
        **{f"q{index}": Count("pk", filter=by(end)) for index, end in enumerate(ends)}
    )
    return [counts[f"q{index}"] for index in range(len(ends))]


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
    """Cumulative people trained and workshops held at each quarter's end, with the year
    targets: one query each, every quarter a filtered count."""
    quarters = quarters_between(scope.start, scope.end)
    return {
        "quarters": [label(*quarter) for quarter in quarters],
        "people": _people_by_quarter(scope),
        "workshops": _workshops_by_quarter(scope),
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
