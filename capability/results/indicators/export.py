"""The indicator table for reports: xlsx (baseline, targets, actuals per year and country) and
an IATI 2.03 `iati-activities` document for the programme's activity.

Actuals per year are cumulative from the scope's start to the end of that year, like the
targets they are compared with; suppressed cells ("<5") stay suppressed in both formats.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from capability.register.models import Country

from .. import iati
from ..models.indicators import Computation, IndicatorLevel
from ..tables import Table, tables_xlsx
from .periods import period_bounds, period_of
from .queries import SUPPRESSED, Scope, people_trained_by, workshops_by
from .suppression import withheld
from .table import STATUS_LABELS, Row, indicator_rows

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
    """(year, start, end, rows) for every reporting year the scope touches."""
    first_year, last_year = period_of(scope.start)[0], period_of(scope.end)[0]
    result = []
    for year in range(first_year, last_year + 1):
        start, end = period_bounds(year)
        end = min(end, scope.end)
        rows = indicator_rows(Scope(scope.country_ids, scope.start, end, scope.level))
        result.append((year, max(start, scope.start), end, rows))
    return result


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
                   country.name if country else _("Programme"), item.baseline]  # fmt: skip
            for _year, _start, _end, rows in years:
                figure = rows[index].total if position == 0 else rows[index].countries[position - 1]
                row += [figure.target, figure.shown,
                        str(STATUS_LABELS[figure.status(indicator.ascending)])]  # fmt: skip
            row.append(indicator.source_of_verification)
            table.rows.append(row)
    return table


def indicators_xlsx(scope: Scope) -> bytes:
    caption = _("Period %(start)s to %(end)s; cells from fewer than 5 people show <5.") % {
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
    }
    return tables_xlsx([report_table(scope)], caption=caption)


def _value(figure, *, country: str | None) -> iati.Value:
    shown = figure.shown
    if shown == SUPPRESSED:
        return iati.Value(None, country=country, comment=_("Fewer than 5 people"))
    return iati.Value(shown, country=country)


def _dimension_values(
    indicator, scope: Scope, codes: dict[int, str], memo: dict
) -> list[iati.Value]:
    """Actuals per disaggregated value (and country) for the indicator's disaggregations."""
    values = []
    for name in indicator.disaggregations():
        spec = DIMENSIONS.get((indicator.computation, name))
        if spec is None:
            continue
        query, field, counts_people = spec
        key = (query.__name__, field, scope.key())
        if key not in memo:
            memo[key] = query(scope, field)
        rows = [row for row in memo[key] if row["country"] in codes]
        # Each country's values add up to its published actual: withhold complements too.
        cells = {(row["country"], row[field]): row["n"] for row in rows}
        by_country: dict[int, list] = {}
        for cell in cells:
            by_country.setdefault(cell[0], []).append(cell)
        complements = withheld(cells, by_country.values()) if counts_people else set()
        for row in rows:
            code = codes[row["country"]]
            label = row[field] or "none"
            label = SEX_NAMES.get(label, label) if field == "sex" else label
            hidden = counts_people and (row["country"], row[field]) in complements
            values.append(
                iati.Value(
                    None if hidden else row["n"],
                    country=code,
                    dimensions={name: label},
                    comment=_("Fewer than 5 people") if hidden else "",
                )
            )
    return values


def _iati_setting(name: str, default):
    return getattr(settings, "CAPABILITY_IATI", {}).get(name, default)


def iati_activity(scope: Scope) -> iati.Activity:
    """The programme's activity with one result per result area, every indicator in it."""
    years = yearly_rows(scope)
    countries = (
        Country.objects.partners()
        if scope.country_ids is None
        else Country.objects.filter(pk__in=scope.country_ids)
    )
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
            period.actuals.append(_value(current.total, country=None))
            for item in current.countries:
                if item.target is not None:
                    period.targets.append(iati.Value(item.target, country=item.country.code))
                period.actuals.append(_value(item, country=item.country.code))
            period_scope = Scope(scope.country_ids, scope.start, end, scope.level)
            period.actuals.extend(_dimension_values(indicator, period_scope, codes, memo))
            periods.append(period)
        baseline = next((b for b in indicator.baselines.all() if b.country_id is None), None)
        result = results.setdefault(
            indicator.level,
            iati.Result(
                title=str(IndicatorLevel(indicator.level).label),
                type=RESULT_TYPES.get(indicator.level, "outcome"),
            ),
        )
        result.indicators.append(
            iati.Indicator(
                code=indicator.code,
                title=indicator.title,
                measure=indicator.unit,
                ascending=indicator.ascending,
                description=indicator.definition,
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
    start, end = period_bounds(period_of(scope.start)[0])[0], scope.end
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
        recipient_countries={country.code: country.name for country in countries},
        sectors=[_iati_setting("sector", "15210")],
        results=[results[level] for level in sorted(results)],
    )


def indicators_iati(scope: Scope) -> bytes:
    return iati.iati_activities_xml(iati_activity(scope))
