"""Synthetic indicator figures at programme scale (`manage.py generate_synthetic --scale S`).

Runs after the register's generator (`capability.register.synthetic`, earlier in
INSTALLED_APPS), on the countries and reporting years its workshops cover: for every
indicator, country and reporting period, baselines, yearly and quarterly targets, and the
values of the manually reported indicators (computed ones derive from the register). Bulk
inserts in batches; seeded, so the same scale gives the same rows.

Self-sufficient: on a database without the demo (`load_demo`), the demo's 15 indicator
definitions are created first, with a note on stdout, so that dashboards and indicator tables
have something to show. Existing indicators (the demo's or a programme's own) are used as
they are.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from capability.register.models import Country
from capability.register.synthetic import (
    BATCH,
    FIRST_WORKSHOP,
    LAST_WORKSHOP_END,
    OTHERS,
    PARTNERS,
    country_count,
)

from .indicators.periods import period_bounds, period_of
from .indicators.queries import QUERIES, RATIOS, Scope
from .models import Indicator, IndicatorBaseline, IndicatorTarget, IndicatorValue


@transaction.atomic
def generate(*, scale: float, users: list[int], seed: int, stdout=None) -> dict[str, int]:
    codes = [code for code, _name in (PARTNERS + OTHERS)[: country_count(scale)]]
    by_code = Country.objects.in_bulk(codes, field_name="code")
    countries = [by_code[code] for code in codes if code in by_code]
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    baselines, targets, values = _indicator_figures(countries, rng, stdout)
    return {
        "indicator baselines": baselines,
        "indicator targets": targets,
        "indicator values": values,
    }


def _note(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"  capability_results: {message}")


def _reporting_years() -> list[int]:
    """The reporting years the synthetic workshops fall in."""
    return list(range(period_of(FIRST_WORKSHOP)[0], period_of(LAST_WORKSHOP_END)[0] + 1))


def _elapsed(day: datetime.date) -> float:
    """Share of the synthetic data's span gone by on `day` (0 to 1)."""
    span = (LAST_WORKSHOP_END - FIRST_WORKSHOP).days
    return min(1.0, max(0.0, (day - FIRST_WORKSHOP).days / span))


def _indicators(stdout) -> list[Indicator]:
    indicators = list(Indicator.objects.order_by("level", "sort_order", "code"))
    if indicators:
        return indicators
    from .indicators.demo import create_indicators

    _note(stdout, "no indicator defined: created the demo's 15 indicator definitions.")
    return create_indicators()


def _is_ratio(indicator: Indicator) -> bool:
    """Percentages and means move towards a level; counts accumulate over time."""
    return indicator.is_percentage or indicator.computation in RATIOS


def _references(indicators, countries, rng) -> dict[tuple, tuple[float, float]]:
    """(indicator, country id or None) -> (baseline, figure at the end of the data).

    Computed indicators take their figure from the register over the whole data span (one
    query per computation); manual ones get a seeded one (a few strategies, or a percentage).
    """
    years = _reporting_years()
    scope = Scope(None, period_bounds(years[0])[0], period_bounds(years[-1])[1])
    computed = {
        computation: QUERIES[computation](scope)
        for computation in sorted({i.computation for i in indicators if i.computation})
    }
    references = {}
    for indicator in indicators:
        ratio = _is_ratio(indicator)
        cells = computed.get(indicator.computation, {})
        for country_id in [country.pk for country in countries] + [None]:
            if not indicator.computation:
                figure = rng.uniform(40, 90) if ratio else float(rng.randint(1, 4))
            elif country_id is not None:
                cell = cells.get(country_id)
                figure = float((cell.value or 0) if cell else 0)
            elif ratio:  # the programme: the mean of the countries' figures
                figures = [cell.value for cell in cells.values() if cell.value is not None]
                figure = sum(figures) / len(figures) if figures else 0.0
            else:  # the programme: everything counted
                figure = float(sum(cell.numerator for cell in cells.values()))
            baseline = figure * rng.uniform(0.5, 0.8) if ratio else 0.0
            references[indicator, country_id] = (baseline, figure)
    return references


def _indicator_figures(countries, rng, stdout) -> tuple[int, int, int]:
    """Baselines (the year before the data), cumulative targets for every reporting year and
    quarter, and every quarter's value of the manual indicators, per country and for the
    programme (country empty). What exists already (the demo's rows) is kept: no baseline is
    added where one exists, and no target or value for a year that has one."""
    indicators = _indicators(stdout)
    years = _reporting_years()
    has_baseline = set(IndicatorBaseline.objects.values_list("indicator", "country"))
    has_target = set(IndicatorTarget.objects.values_list("indicator", "country", "year"))
    has_value = set(IndicatorValue.objects.values_list("indicator", "country", "year"))
    baselines, targets, values = [], [], []
    for (indicator, country_id), (baseline, figure) in _references(
        indicators, countries, rng
    ).items():
        ratio = _is_ratio(indicator)
        ambition = rng.uniform(0.8, 1.3)  # some countries ahead of their targets, some behind
        if (indicator.pk, country_id) not in has_baseline:
            baselines.append(
                IndicatorBaseline(
                    indicator=indicator,
                    country_id=country_id,
                    year=years[0] - 1,
                    value=_amount(baseline, ratio),
                    comment="Synthetic.",
                )
            )
        previous = baseline
        for year in years:
            goal = _towards(baseline, figure * ambition, period_bounds(year)[1], ratio)
            if (indicator.pk, country_id, year) not in has_target:
                for quarter in (None, 1, 2, 3, 4):
                    step = goal if quarter is None else previous + (goal - previous) * quarter / 4
                    targets.append(
                        IndicatorTarget(
                            indicator=indicator,
                            country_id=country_id,
                            year=year,
                            quarter=quarter,
                            value=_amount(step, ratio),
                        )
                    )
            previous = goal
            if indicator.is_manual and (indicator.pk, country_id, year) not in has_value:
                for quarter in (1, 2, 3, 4):
                    day = period_bounds(year, quarter)[1]
                    reached = (
                        min(100.0, figure * rng.uniform(0.85, 1.1))
                        if ratio
                        else _towards(baseline, figure, day, ratio)
                    )
                    values.append(
                        IndicatorValue(
                            indicator=indicator,
                            country_id=country_id,
                            year=year,
                            quarter=quarter,
                            value=_amount(reached, ratio),
                            comment="Synthetic.",
                        )
                    )
    IndicatorBaseline.objects.bulk_create(baselines, batch_size=BATCH)
    IndicatorTarget.objects.bulk_create(targets, batch_size=BATCH)
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
    return len(baselines), len(targets), len(values)


def _towards(baseline: float, figure: float, day: datetime.date, ratio: bool) -> float:
    """Where a figure stands on `day`: a count accumulates from zero, a ratio moves from its
    baseline, both reaching `figure` at the end of the data."""
    start = baseline if ratio else 0.0
    return start + (figure - start) * _elapsed(day)


def _amount(value: float, ratio: bool) -> Decimal:
    return Decimal(str(round(value, 1))) if ratio else Decimal(round(value))
