"""What every dashboard shares: a light Plotly template, figure serialisation, small cells.

A dashboard module defines `aggregates(scope) -> dict` (the database work, plain data that
can be cached and timed on its own), `figures(data) -> list[Figure]` and
`tables(data) -> list[Table]` (`capability.results.tables`). Every count of people goes
through the disclosure layer (`indicators.disclosure`): `published()` gives the `Published`
cell (value, status, label) a chart or table renders; "<5" and "withheld" are distinct.

Figures are built to be read by managers on any screen: indicator names beside their codes,
labels wrapped rather than clipped, one colour-blind-safe colour per category, a "No data for
this selection" message instead of empty axes.
"""

from __future__ import annotations

import json
import textwrap

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from capability.register.models import Country

from ..indicators.disclosure import Published, Status, legend
from ..indicators.queries import MIN_CELL, Scope
from ..models.translation import country_name, localised

# Okabe & Ito's palette ("Color Universal Design", 2008): told apart with every common colour
# vision deficiency. Black and yellow come last: thin lines and text read worst in them.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000",
             "#F0E442"]  # fmt: skip
# Paul Tol's "muted" scheme, also colour-blind safe, for charts with more than 8 categories
# (organisation types): one colour each, never two categories sharing one.
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
             "#882255", "#AA4499", "#DDDDDD"]  # fmt: skip

COLOURS = {
    "met": "#009E73",
    "on_track": "#E69F00",
    "off_track": "#D55E00",
    "unknown": "#999999",
    "target": "#000000",
    "series": OKABE_ITO,
}
TITLE_WIDTH = 60  # characters per line of a chart title before it wraps
LABEL_WIDTH = 38  # characters per line of a category label (indicator names, rows)

# A small template instead of plotly's default theme (about 6 KB lighter per figure). Axes and
# the title push the margins out as far as their labels need (nothing clipped); the legend
# sits above the plot, under the title, never over an axis title.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1f2933"},
        "colorway": COLOURS["series"],
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10, "pad": 4},
        "title": {
            "automargin": True,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 8, "l": 8},
        },
        "xaxis": {"gridcolor": "#e5e7eb", "zerolinecolor": "#cbd2d9", "automargin": True},
        "yaxis": {"gridcolor": "#e5e7eb", "zerolinecolor": "#cbd2d9", "automargin": True},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
        },
    }
)


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """`text` broken into lines of at most `width` characters (plotly's `<br>`): long
    indicator names and titles stay whole instead of running out of the figure."""
    return "<br>".join(
        textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    ) or str(text)


def plain(text: str) -> str:
    """A wrapped label or title back on one line (for captions and accessible names)."""
    return str(text).replace("<br>", " ")


def palette(count: int) -> list[str]:
    """`count` distinct colour-blind-safe colours."""
    return OKABE_ITO[:count] if count <= len(OKABE_ITO) else TOL_MUTED[:count]


def category_colours(values: list[str]) -> dict[str, str]:
    """One colour per category value, the same in every chart that shows these categories."""
    return dict(zip(values, palette(len(values)), strict=False))


def figure(title: str, **layout) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title={"text": wrap(title, TITLE_WIDTH)}, **layout)
    return fig


def _drawn(trace) -> bool:
    """Whether a trace has at least one value to draw (a bar or point other than zero)."""
    if trace.type == "heatmap":
        values = [value for row in trace.z or () for value in row]
    elif getattr(trace, "orientation", None) == "h":
        values = list(trace.x or ())
    else:
        values = list(trace.y or ())
    return any(value not in (None, 0) for value in values)  # only zeros: nothing happened


def no_data(fig: go.Figure) -> bool:
    return not any(_drawn(trace) for trace in fig.data)


def _labelled(trace) -> bool:
    """Whether a trace labels some value it does not draw (a withheld "<5")."""
    labels = trace.text if isinstance(trace.text, list | tuple) else ()
    if trace.type == "heatmap":
        labels = [label for row in labels for label in row]
    return any(str(label) not in ("", "0", "–", "None") for label in labels)


def figure_data(fig: go.Figure) -> dict:
    """The figure as plain JSON data for a `<script type="application/json">` block; a
    figure with nothing to draw says why instead of showing empty axes: no data, or only
    figures withheld to protect small groups (their labels stay in the data and the table)."""
    if no_data(fig):
        withheld = any(_labelled(trace) for trace in fig.data)
        if not withheld:
            fig.data = ()
        message = (
            _("Every figure of this selection is withheld (fewer than 5 people): see the table.")
            if withheld
            else _("No data for this selection")
        )
        fig.update_layout(
            xaxis={"visible": False},
            yaxis={"visible": False},
            showlegend=False,
            height=220,
            annotations=[
                {
                    "text": wrap(message, TITLE_WIDTH),
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 16, "color": "#52606d"},
                }
            ],
        )
    return json.loads(fig.to_json())


def figure_context(fig: go.Figure, index: int) -> dict:
    """What a template needs to place one figure: its id, plain title and JSON data."""
    return data_context(figure_data(fig), index)


def data_context(data: dict, index: int) -> dict:
    """`figure_context` of a figure already turned into data (a release's frozen figures)."""
    title = plain(data["layout"].get("title", {}).get("text", ""))
    return {"id": f"figure-{index}", "title": title, "data": data}


def countries_in(scope: Scope) -> list[dict]:
    """The countries a dashboard shows, as {id, code, name} (one query)."""
    queryset = Country.objects.all() if scope.country_ids is not None else Country.objects
    if scope.country_ids is None:
        queryset = queryset.partners()
    else:
        queryset = queryset.filter(pk__in=scope.country_ids)
    return list(queryset.order_by("name").values("id", "code", "name"))


def country_label(country: dict) -> str:
    """A country of `countries_in` named in the reader's language."""
    return country_name(country["code"], country["name"])


def indicator_title(indicator: dict) -> str:
    """An indicator of a dashboard's aggregates titled in the reader's language."""
    return localised(indicator["title"], {"fr": indicator.get("title_fr", "")})


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
