"""What every dashboard shares: a light Plotly template, figure serialisation, small cells.

A dashboard module defines `aggregates(scope) -> dict` (the database work, plain data that
can be cached and timed on its own), `figures(data) -> list[Figure]` and
`tables(data) -> list[Table]` (`capability.results.tables`). Every count of people goes
through the disclosure layer (`indicators.disclosure`): `published()` gives the `Published`
cell (value, status, label) a chart or table renders; "<5" and "withheld" are distinct.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from capability.register.models import Country

from ..indicators.disclosure import Published, Status, legend
from ..indicators.queries import MIN_CELL, Scope

COLOURS = {
    "met": "#1b7f3b",
    "on_track": "#d08c00",
    "off_track": "#b42318",
    "unknown": "#8a8f98",
    "target": "#1d3557",
    "series": ["#1d3557", "#2a9d8f", "#e76f51", "#8338ec", "#f4a261", "#457b9d", "#6a994e"],
}

# A small template instead of plotly's default theme (about 6 KB lighter per figure).
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1f2933"},
        "colorway": COLOURS["series"],
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "xaxis": {"gridcolor": "#e5e7eb", "zerolinecolor": "#cbd2d9"},
        "yaxis": {"gridcolor": "#e5e7eb", "zerolinecolor": "#cbd2d9"},
        "legend": {"orientation": "h", "y": -0.2},
    }
)


def figure(title: str, **layout) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title={"text": title}, **layout)
    return fig


def figure_data(fig: go.Figure) -> dict:
    """The figure as plain JSON data for a `<script type="application/json">` block."""
    return json.loads(fig.to_json())


def countries_in(scope: Scope) -> list[dict]:
    """The countries a dashboard shows, as {id, code, name} (one query)."""
    queryset = Country.objects.all() if scope.country_ids is not None else Country.objects
    if scope.country_ids is None:
        queryset = queryset.partners()
    else:
        queryset = queryset.filter(pk__in=scope.country_ids)
    return list(queryset.order_by("name").values("id", "code", "name"))


def small(count: int | None) -> bool:
    return count is not None and 0 < count < MIN_CELL


def published(count: int | None, *, withheld: bool = False, status=None) -> Published:
    """A count of people as it may be published (`withheld`: hidden as a complement)."""
    if status is None and withheld:
        status = Status.WITHHELD
    if isinstance(status, str):
        status = Status(status)
    return Published.count(count, status)


def shown(count: int | None, *, withheld: bool = False, status=None):
    """A count of people for a table: its value, "<5" (1–4 people) or "withheld"."""
    return published(count, withheld=withheld, status=status).cell


def plotted(count: int | None, *, withheld: bool = False, status=None):
    """A count of people for a chart: hidden cells are not drawn (`withheld_note` names them)."""
    return published(count, withheld=withheld, status=status).plotted


def withheld_note(fig: go.Figure, hidden: list[tuple[str, Published]]) -> go.Figure:
    """Say under the chart which bars or points are not drawn, and why, rather than leave
    a silent gap; the markers' legend follows."""
    if not hidden:
        return fig
    names = ", ".join(f"{name} ({cell.label})" for name, cell in hidden)
    text = _("Not drawn: %(names)s.") % {"names": names}
    fig.add_annotation(
        text="<br>".join([text, *legend()]),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.35,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 11},
    )
    fig.update_layout(margin={"b": 150})
    return fig


def programme_label() -> str:
    return _("Programme")
