"""The indicator table for reports: xlsx (baseline, targets, actuals per year and country) and
an IATI 2.03 `iati-activities` document for the programme's activity.

Actuals per year are cumulative from the scope's start to the end of that year, like the
targets they are compared with (IATI: `aggregation-status` 0, and each indicator's
description says so). Every figure passes the disclosure layer: "<5" and "withheld" cells
are marked in the xlsx and left out of IATI, never written as empty actuals.

IATI describes one activity, the whole programme: its identifier, dates and recipient
countries never change with a filter. A narrower request (one country, a period that does
not start at the programme's start) is refused with `NarrowIATIRequest`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from capability.register.models import Country

from .. import iati
from ..models.indicators import Computation, IndicatorLevel
from ..models.translation import country_name, country_names
from ..tables import Table, tables_xlsx
from .disclosure import Relation, Status, break_downs, legend, protect
from .periods import period_bounds, period_of, programme_bounds
from .queries import Scope, people_trained_by, workshops_by
from .table import (
    OUTSIDE,
    PROGRAMME,
    STATUS_LABELS,
    Row,
    _is_count,
    indicator_rows,
    withhold_rates_of_hidden_counts,
)


class NarrowIATIRequest(ValueError):
    """An IATI export for part of the programme: it would overwrite the whole activity."""


RESULT_TYPES = {"OO": "impact", "01": "outcome", "02": "outcome", "03": "outcome"}
# (computation, disaggregation) -> (grouped query, field, counts people?)
DIMENSIONS = {
    (Computation.PEOPLE_TRAINED, "sex"): (people_trained_by, "sex", True),
    (Computation.PEOPLE_TRAINED, "organisation_type"): (
        people_trained_by, "organisation__type", True,
    ),
    (Computation.WORKSHOPS_HELD, "workshop_kind"): (workshops_by, "kind", False),
    (Computation.WORKSHOPS_HELD, "target_type"): (workshops_by, "target_type", False),
}  # fmt: skip
SEX_NAMES = {"F": "female", "M": "male", "X": "not stated"}


def yearly_rows(scope: Scope) -> list[tuple[int, datetime.date, datetime.date, list[Row]]]:
    """(year, start, end, rows) for every reporting year the scope touches, each cumulative
    from the scope's start; counts of people are protected across the years (see
    `protect_across_years`)."""
    first_year, last_year = period_of(scope.start)[0], period_of(scope.end)[0]
    result = []
    for year in range(first_year, last_year + 1):
        start, end = period_bounds(year)
        end = min(end, scope.end)
        rows = indicator_rows(Scope(scope.country_ids, scope.start, end, scope.level))
        result.append((year, max(start, scope.start), end, rows))
    protect_across_years([rows for *_rest, rows in result])
    for *_rest, rows in result:  # earlier years' counts may have been hidden since
        withhold_rates_of_hidden_counts(rows)
    return result


def protect_across_years(years: list[list[Row]]) -> None:
    """Two cumulative years give the newcomers between them: a count of people at a year's
    end is withheld when the difference to the next published one would be 1 to 4. The last
    year keeps the statuses the indicator table gives it (the overview shows them too)."""
    if len(years) < 2:
        return
    for index in range(len(years[-1])):
        rows = [year[index] for year in years]
        figures = [[row.total, *row.countries] for row in rows]
        if not all(f.actual is None or _is_count(f.actual) for fs in figures for f in fs):
            continue
        counts = [
            {
                PROGRAMME: row.total.actual.people if row.total.actual else 0,
                **{f.country.pk: f.actual.people if f.actual else 0 for f in row.countries},
            }
            for row in rows
        ]
        last = rows[-1]
        fixed = {PROGRAMME: last.total.published.status}
        fixed.update({f.country.pk: f.published.status for f in last.countries})
        statuses = across_years(counts, fixed)
        for time, row in enumerate(rows[:-1]):
            row.total.disclosure = statuses[time].get(PROGRAMME)
            for figure in row.countries:
                figure.disclosure = statuses[time].get(figure.country.pk)


def across_years(counts: list[dict], last: dict) -> list[dict]:
    """The statuses of cumulative counts of people at successive year ends.

    `counts`: per year end, the programme (`PROGRAMME`) and each country; people with no
    country are what the countries leave of the programme (never published). `last`: the
    statuses the indicator table gives the last one, kept. The trend dashboard fixes its
    year-end points with the same statuses, so both views publish one pattern."""
    values, relations, unpublished, fixed = {}, [], set(), {}
    for time, places in enumerate(counts):
        parts = []
        for place, value in places.items():
            values[(place, time)] = value or 0
            if place != PROGRAMME:
                parts.append((place, time))
            if time == len(counts) - 1 and place in last:
                fixed[(place, time)] = last[place]
        values[(OUTSIDE, time)] = values[(PROGRAMME, time)] - sum(values[k] for k in parts)
        unpublished.add((OUTSIDE, time))
        relations.append(Relation((PROGRAMME, time), (*parts, (OUTSIDE, time))))
    for place in {key[0] for key in values}:
        for time in range(len(counts)):
            new = ("new", place, time)
            previous = values[(place, time - 1)] if time else 0
            values[new] = values[(place, time)] - previous
            unpublished.add(new)
            parts = (new,) if time == 0 else ((place, time - 1), new)
            relations.append(Relation((place, time), parts))
    statuses = protect(values, relations, unpublished=unpublished, fixed=fixed)
    return [
        {place: statuses.get((place, time)) for place in places}
        for time, places in enumerate(counts)
    ]


def report_table(scope: Scope) -> Table:
    years = yearly_rows(scope)
    headers = [_("Code"), _("Indicator"), _("Result area"), _("Unit"), _("Country"),
               _("Baseline")]  # fmt: skip
    for year, *_rest in years:
        headers += [f"{year} {_('target')}", f"{year} {_('actual')}", f"{year} {_('status')}"]
    headers.append(_("Source of verification"))
    table = Table(_("Indicators"), headers, slug="indicators")
    if not years:
        return table
    for index, first in enumerate(years[0][3]):
        indicator = first.indicator
        places = [(None, first.total)] + [(item.country, item) for item in first.countries]
        for position, (country, item) in enumerate(places):
            row = [indicator.code, indicator.title, indicator.get_level_display(),
                   indicator.get_unit_display(),
                   country_name(country.code, country.name) if country else _("Programme"),
                   item.baseline]  # fmt: skip
            for _year, _start, _end, rows in years:
                figure = rows[index].total if position == 0 else rows[index].countries[position - 1]
                row += [figure.target, figure.shown,
                        str(STATUS_LABELS[figure.status(indicator.ascending)])]  # fmt: skip
            row.append(indicator.source_of_verification)
            table.rows.append(row)
    return table


def indicators_xlsx(scope: Scope) -> bytes:
    caption = " ".join(
        [
            _("Period %(start)s to %(end)s.")
            % {"start": scope.start.isoformat(), "end": scope.end.isoformat()},
            *legend(),
        ]
    )
    return tables_xlsx([report_table(scope)], caption=caption)


def _value(figure, *, country: str | None) -> iati.Value:
    """The published actual; None (left out of the document) when hidden or missing."""
    return iati.Value(figure.published.plotted, country=country)


def _dimension_values(
    indicator, scope: Scope, codes: dict[int, str], memo: dict, row: Row
) -> list[iati.Value]:
    """Actuals per disaggregated value (and country) for the indicator's disaggregations.

    Each country's values add up to its actual, published with the status the indicator
    table gives it: every disaggregation of people is protected together with it."""
    specs = []
    for name in indicator.disaggregations():
        spec = DIMENSIONS.get((indicator.computation, name))
        if spec is None:
            continue
        query, field, counts_people = spec
        key = (query.__name__, field, scope.key())
        if key not in memo:
            memo[key] = query(scope, field)
        specs.append((name, field, counts_people, [r for r in memo[key] if r["country"] in codes]))
    values: dict = {}
    fixed: dict = {}
    for figure in row.countries:
        if figure.actual is not None and figure.actual.people is not None:
            values[("total", figure.country.pk)] = figure.actual.people
            fixed[("total", figure.country.pk)] = figure.published.status
    relations = []
    for name, field, counts_people, rows in specs:
        if not counts_people:
            continue
        for data in rows:
            values[(name, data["country"], data[field])] = data["n"]
        for pk in {data["country"] for data in rows}:
            if ("total", pk) in values:
                parts = tuple(k for k in values if k[0] == name and k[1] == pk)
                relations.append(Relation(("total", pk), parts))
    statuses = {}
    if relations:
        statuses = protect(values, relations, fixed=fixed)
        groups: dict = {}
        for key in values:
            if key[0] != "total":
                groups.setdefault(key[1], []).append(key)
        statuses = break_downs(statuses, values, relations, groups)
    result = []
    for name, field, _counts_people, rows in specs:
        for data in rows:
            status = statuses.get((name, data["country"], data[field]), Status.SHOWN)
            if status.hidden:
                continue  # left out: the indicator's description explains hidden figures
            label = data[field] or "none"
            label = SEX_NAMES.get(label, label) if field == "sex" else label
            result.append(
                iati.Value(data["n"], country=codes[data["country"]], dimensions={name: label})
            )
    return result


def _in_languages(text) -> dict[str, str]:
    """A translatable text in English and French (the same text when untranslated)."""
    result = {}
    for language in ("en", "fr"):
        with translation.override(language):
            result[language] = str(text)
    return result


def _convention(definition: str) -> dict[str, str]:
    texts = {}
    for language in ("en", "fr"):
        with translation.override(language):
            note = " ".join(
                [
                    _(
                        "Values are cumulative from the programme's start to the end of each "
                        "period: periods must not be added up."
                    ),
                    _(
                        "Figures of 1 to 4 people, and figures that would let one be worked "
                        "out, are not published."
                    ),
                ]
            )
        texts[language] = f"{definition}\n\n{note}".strip()
    return texts


def _iati_setting(name: str, default):
    return getattr(settings, "CAPABILITY_IATI", {}).get(name, default)


def check_whole_programme(scope: Scope) -> None:
    """Refuse an IATI request narrower than the programme (see the module's docstring)."""
    first, _last = programme_bounds()
    if scope.country_ids is not None:
        raise NarrowIATIRequest(
            _("IATI files describe the whole programme: they cannot be limited to a country.")
        )
    if scope.start != first:
        raise NarrowIATIRequest(
            _("IATI files run from the programme's start (%(start)s): choose an end, not a start.")
            % {"start": first.isoformat()}
        )
    if scope.level:
        raise NarrowIATIRequest(
            _("IATI files hold every result area: they cannot be limited to one.")
        )


def iati_activity(scope: Scope) -> iati.Activity:
    """The programme's activity with one result per result area, every indicator in it."""
    check_whole_programme(scope)
    years = yearly_rows(scope)
    countries = Country.objects.partners()
    codes = {country.pk: country.code for country in countries}
    memo: dict = {}
    results: dict[str, iati.Result] = {}
    for index, row in enumerate(years[0][3] if years else []):
        indicator = row.indicator
        periods = []
        for _year, start, end, rows in years:
            if start >= end:
                continue
            current = rows[index]
            period = iati.Period(start=start, end=end)
            if current.total.target is not None:
                period.targets.append(iati.Value(current.total.target))
            actuals = [_value(current.total, country=None)]
            for item in current.countries:
                if item.target is not None:
                    period.targets.append(iati.Value(item.target, country=item.country.code))
                actuals.append(_value(item, country=item.country.code))
            period_scope = Scope(scope.country_ids, scope.start, end, scope.level)
            actuals += _dimension_values(indicator, period_scope, codes, memo, current)
            period.actuals = [actual for actual in actuals if actual.value is not None]
            periods.append(period)
        baseline = next((b for b in indicator.baselines.all() if b.country_id is None), None)
        result = results.setdefault(
            indicator.level,
            iati.Result(
                title=_in_languages(IndicatorLevel(indicator.level).label),
                type=RESULT_TYPES.get(indicator.level, "outcome"),
            ),
        )
        result.indicators.append(
            iati.Indicator(
                code=indicator.code,
                title=indicator.title,
                measure=indicator.unit,
                ascending=indicator.ascending,
                description=_convention(indicator.definition),
                cumulative=True,
                baseline_year=baseline.year if baseline else None,
                baseline_value=float(baseline.value) if baseline else None,
                baseline_comment=baseline.comment if baseline else "",
                periods=periods,
            )
        )
    funder = iati.Organisation(
        ref=_iati_setting("funder_ref", "XI-IATI-EC_FPI"),
        name=_iati_setting("funder_name", "European Commission - Service for Foreign Policy "
                           "Instruments"),
        type="40",
    )  # fmt: skip
    implementer = iati.Organisation(
        ref=_iati_setting("implementer_ref", "CTPS-IMPL"),
        name=_iati_setting("implementer_name", "CT Public Spaces implementing consortium"),
        type="21",
        role="4",
    )
    start, end = programme_bounds()  # the activity's own dates, whatever the period shown
    return iati.Activity(
        identifier=_iati_setting("identifier", "XI-IATI-EC_FPI-CTPS-2024"),
        title=_iati_setting(
            "title", "Protection of public spaces against terrorism in Ghana, Kenya and Senegal"
        ),
        description=_iati_setting(
            "description",
            "Training and capability building for the people who protect public spaces.",
        ),
        reporting_org=funder,
        participating_orgs=[
            iati.Organisation(ref=funder.ref, name=funder.name, type=funder.type, role="1"),
            implementer,
        ],
        status="implementation",
        start_planned=start,
        end_planned=max(end, start + datetime.timedelta(days=1)),
        recipient_countries={c.code: country_names(c.code, c.name) for c in countries},
        sectors=[_iati_setting("sector", "15210")],
        results=[results[level] for level in sorted(results)],
    )


def indicators_iati(scope: Scope) -> bytes:
    return iati.iati_activities_xml(iati_activity(scope))
