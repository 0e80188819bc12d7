"""Programme overview: every indicator's actual against its target, per country and in total."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..indicators.disclosure import Published
from ..indicators.queries import Scope
from ..indicators.table import STATUS_LABELS, Figure, indicator_rows
from ..models.indicators import Unit
from ..tables import Table
from .base import (
    COLOURS,
    country_label,
    figure,
    indicator_title,
    plain,
    programme_label,
    wrap,
)

slug = "overview"
title = gettext_lazy("Programme overview")
# the filters this dashboard's breakdowns support
filters = ("country", "start", "end", "level")


def _figure_data(item: Figure, ascending: bool) -> dict:
    return {
        "actual": item.published.to_data(),  # labelled when drawn, in the reader's language
        "target": item.target,
        "baseline": item.baseline,
        "progress": item.progress,
        "status": item.status(ascending),
    }


def aggregates(scope: Scope) -> dict:
    """Every indicator in scope, actual vs target, per country and for the selection."""
    rows = indicator_rows(scope)
    countries = [{"code": figure.country.code, "name": figure.country.name}
                 for figure in (rows[0].countries if rows else [])]  # fmt: skip
    return {
        "countries": countries,
        "indicators": [
            {
                "code": row.indicator.code,
                "title": row.indicator.title,
                "title_fr": row.indicator.title_fr,
                "level": row.indicator.level,
                "unit": row.indicator.unit,
                "total": _figure_data(row.total, row.indicator.ascending),
                "countries": {
                    item.country.code: _figure_data(item, row.indicator.ascending)
                    for item in row.countries
                },
            }
            for row in rows
        ],
    }


def indicator_label(indicator: dict) -> str:
    """An indicator as a chart shows it: its code and its name, wrapped."""
    return wrap(f"{indicator['code']} · {indicator_title(indicator)}")


def _progress_figure(name: str, items: list[tuple[dict, dict]]):
    labels = [indicator_label(indicator) for indicator, _item in items]
    lines = sum(label.count("<br>") + 1 for label in labels)
    fig = figure(
        _("%(name)s: share of target reached") % {"name": name},
        height=max(300, 22 * lines + 14 * len(items) + 140),
        xaxis={"title": {"text": _("% of target")}, "range": [0, 150]},
        yaxis={"autorange": "reversed", "type": "category"},
        bargap=0.25,
        margin={"r": 56},  # room for a label beside a bar at the axis' end
    )
    # one trace per status, so that the legend names each colour (never colour alone)
    for status in STATUS_LABELS:
        rows = [
            (label, item)
            for label, (_indicator, item) in zip(labels, items, strict=True)
            if item["status"] == status
        ]
        if not rows:
            continue
        fig.add_bar(
            orientation="h",
            name=str(STATUS_LABELS[status]),
            y=[label for label, _item in rows],
            x=[
                None if item["progress"] is None else min(item["progress"], 150)
                for _label, item in rows
            ],  # fmt: skip
            marker={"color": COLOURS[status]},
            text=[
                f"{Published.from_data(item['actual']).label} / {_shown(item['target'])}"
                for _label, item in rows
            ],
            textposition="auto",
            cliponaxis=False,
            hovertext=[f"{plain(label)} · {STATUS_LABELS[status]}" for label, _item in rows],
            hoverinfo="text",
        )
    if fig.data:
        # every indicator keeps its row, in the logframe's order, whatever its status
        fig.update_yaxes(categoryorder="array", categoryarray=labels)
        fig.add_vline(x=100, line={"color": COLOURS["target"], "dash": "dash"})
    return fig


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def figures(data: dict) -> list:
    indicators = data["indicators"]
    result = [_progress_figure(programme_label(), [(i, i["total"]) for i in indicators])]
    for country in data["countries"]:
        items = [(i, i["countries"][country["code"]]) for i in indicators]
        result.append(_progress_figure(country_label(country), items))
    return result


def tables(data: dict) -> list[Table]:
    headers = [_("Code"), _("Indicator"), _("Unit")]
    columns = [(None, programme_label())]
    columns += [(country["code"], country_label(country)) for country in data["countries"]]
    for _code, name in columns:
        headers += [
            _("%(column)s: %(figure)s") % {"column": name, "figure": figure}
            for figure in (_("baseline"), _("target"), _("actual"), _("status"))
        ]
    table = Table(_("Indicators: baseline, target and actual"), headers, slug="indicators")
    for indicator in data["indicators"]:
        unit = indicator["unit"]
        row = [indicator["code"], indicator_title(indicator),
               str(Unit(unit).label) if unit in Unit.values else unit]  # fmt: skip
        for code, _name in columns:
            item = indicator["total"] if code is None else indicator["countries"][code]
            row += [item["baseline"], item["target"], Published.from_data(item["actual"]).cell,
                    str(STATUS_LABELS[item["status"]])]  # fmt: skip
        table.rows.append(row)
    return [table]
