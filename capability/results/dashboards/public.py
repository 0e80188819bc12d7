"""Figures for the public DashboardPage: every country, aggregates only, small cells hidden."""

from ..indicators.periods import programme_bounds
from ..indicators.queries import Scope
from . import DASHBOARDS, dashboard_data
from .base import figure_data


def public_scope() -> Scope:
    start, end = programme_bounds()
    return Scope(None, start, end)


def public_figures(slugs: list[str]) -> list[dict]:
    scope = public_scope()
    result = []
    for slug in slugs:
        module = DASHBOARDS[slug]
        for fig in module.figures(dashboard_data(slug, scope)):
            result.append({"id": f"figure-{len(result)}", "data": figure_data(fig)})
    return result
