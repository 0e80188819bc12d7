"""Result dashboards: one module per dashboard, each with `aggregates(scope)` (the database
work, timed on its own by the benchmarks), `figures(data)` and `tables(data)`."""

from ..indicators.cache import cached
from ..indicators.queries import Scope
from . import competencies, disaggregation, learning, overview, trend

DASHBOARDS = {
    module.slug: module for module in (overview, trend, disaggregation, learning, competencies)
}


def dashboard_data(slug: str, scope: Scope) -> dict:
    """The aggregates of one dashboard for one filter set, cached until the data changes."""
    return cached(slug, scope.key(), lambda: DASHBOARDS[slug].aggregates(scope))
