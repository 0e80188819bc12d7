"""Figures for the public DashboardPage: every country, aggregates only, small cells hidden.

The page shows the latest release (`Release.figures`, frozen when it was created, in each
language), never live data: what is entered later appears in the next release only.
"""

from django.utils import translation

from ..indicators.periods import programme_bounds
from ..indicators.queries import Scope
from . import DASHBOARDS, dashboard_data
from .base import figure_data


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
            result.append({"id": f"figure-{len(result)}", "data": data})
    return result
