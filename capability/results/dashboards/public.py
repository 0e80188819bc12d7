"""Figures for the public DashboardPage: every country, aggregates only, small cells hidden.

The page shows the latest release (`Release.figures`, frozen when it was created, in each
language), never live data: what is entered later appears in the next release only.

The public page loads a partial plotly.js bundle (vendored from npm, see
`static/capability/vendor/README.txt`) instead of the full 4.8 MB one the admin uses: the
"basic" bundle (bar, scatter, pie: about 395 KB compressed) when its charts need nothing
else, the "cartesian" one (adds heatmaps: about 495 KB) otherwise.
"""

from django.utils import translation

from ..indicators.periods import programme_bounds
from ..indicators.queries import Scope
from . import DASHBOARDS, dashboard_data
from .base import data_context, figure_data

BASIC_TRACES = frozenset({"bar", "scatter", "pie"})
BASIC_BUNDLE = "capability/vendor/plotly-basic.min.js"
CARTESIAN_BUNDLE = "capability/vendor/plotly-cartesian.min.js"


def public_scope() -> Scope:
    start, end = programme_bounds()
    return Scope(None, start, end)


def release_figures(scope: Scope) -> dict[str, list[dict]]:
    """Every public dashboard's figures for a release's scope, by dashboard slug."""
    return {
        slug: [figure_data(fig) for fig in module.figures(dashboard_data(slug, scope))]
        for slug, module in DASHBOARDS.items()
    }


def public_figures(slugs: list[str], release=None) -> list[dict]:
    """The figures of the selected dashboards from `release` (none before the first)."""
    if release is None:
        return []
    language = translation.get_language() or "en"
    figures = release.figures.get(language[:2]) or release.figures.get("en", {})
    result = []
    for slug in slugs:
        for data in figures.get(slug, []):
            result.append(data_context(data, len(result)))
    return result


def plotly_bundle(figures: list[dict]) -> str:
    """The static path of the smallest plotly.js bundle that draws every figure."""
    types = {trace.get("type", "scatter") for fig in figures for trace in fig["data"]["data"]}
    return BASIC_BUNDLE if types <= BASIC_TRACES else CARTESIAN_BUNDLE
