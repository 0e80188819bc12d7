"""Programme overview: every indicator's actual against its target, per country and in total."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..indicators.disclosure import Published
from ..indicators.queries import Scope
from ..indicators.table import STATUS_LABELS, Figure, indicator_rows
from ..tables import Table
from .base import COLOURS, figure, programme_label

slug = "overview"
title = gettext_lazy("Programme overview")


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


def _progress_figure(name: str, items: list[tuple[dict, dict]]):
    fig = figure(
        _("%(name)s: share of target reached") % {"name": name},
        height=max(300, 40 * len(items) + 120),
        xaxis={"title": {"text": _("% of target")}, "range": [0, 150]},
        yaxis={"autorange": "reversed"},
        showlegend=False,
    )
    fig.add_bar(
        orientation="h",
        y=[indicator["code"] for indicator, _figure in items],
        x=[min(item["progress"] or 0, 150) for _indicator, item in items],
        marker={"color": [COLOURS[item["status"]] for _indicator, item in items]},
        text=[
            f"{Published.from_data(item['actual']).label} / {_shown(item['target'])}"
            for _indicator, item in items
        ],
        textposition="auto",
        hovertext=[
            f"{indicator['title']} · {STATUS_LABELS[item['status']]}" for indicator, item in items
        ],
        hoverinfo="text",
    )
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
        result.append(_progress_figure(country["name"], items))
    return result


def tables(data: dict) -> list[Table]:
    headers = [_("Code"), _("Indicator"), _("Unit")]
    columns = [(None, programme_label())] + [(c["code"], c["name"]) for c in data["countries"]]
    for _code, name in columns:
        headers += [f"{name}: {_('baseline')}", f"{name}: {_('target')}",
                    f"{name}: {_('actual')}", f"{name}: {_('status')}"]  # fmt: skip
    table = Table(_("Indicators: baseline, target and actual"), headers, slug="indicators")
    for indicator in data["indicators"]:
        row = [indicator["code"], indicator["title"], indicator["unit"]]
        for code, _name in columns:
            item = indicator["total"] if code is None else indicator["countries"][code]
            row += [item["baseline"], item["target"], Published.from_data(item["actual"]).cell,
                    str(STATUS_LABELS[item["status"]])]  # fmt: skip
        table.rows.append(row)
    return [table]
