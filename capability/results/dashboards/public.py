"""Figures for the public DashboardPage: every country, aggregates only, small cells hidden.

The public page loads a partial plotly.js bundle (vendored from npm, see
`static/capability/vendor/README.txt`) instead of the full 4.8 MB one the admin uses: the
"basic" bundle (bar, scatter, pie: about 395 KB compressed) when its charts need nothing
else, the "cartesian" one (adds heatmaps: about 495 KB) otherwise.
"""

from ..indicators.periods import programme_bounds
from ..indicators.queries import Scope
from . import DASHBOARDS, dashboard_data
from .base import figure_context

BASIC_TRACES = frozenset({"bar", "scatter", "pie"})
BASIC_BUNDLE = "capability/vendor/plotly-basic.min.js"
CARTESIAN_BUNDLE = "capability/vendor/plotly-cartesian.min.js"


def public_scope() -> Scope:
    start, end = programme_bounds()
    return Scope(None, start, end)


def public_figures(slugs: list[str]) -> list[dict]:
    scope = public_scope()
    result = []
    for slug in slugs:
        module = DASHBOARDS[slug]
        for fig in module.figures(dashboard_data(slug, scope)):
            result.append(figure_context(fig, len(result)))
    return result


def plotly_bundle(figures: list[dict]) -> str:
    """The static path of the smallest plotly.js bundle that draws every figure."""
    types = {trace.get("type", "scatter") for fig in figures for trace in fig["data"]["data"]}
    return BASIC_BUNDLE if types <= BASIC_TRACES else CARTESIAN_BUNDLE
