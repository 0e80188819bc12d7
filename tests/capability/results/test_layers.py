"""The results page model reaches the dashboards only when served (no import-time cycle).

The layers themselves are import-linter contracts (pyproject.toml, `make lint`)."""

from ..import_graph import importers


def test_models_reach_the_dashboards_only_when_a_page_is_served():
    """Importing the models never imports the dashboards (which import the models)."""
    assert (
        importers("capability/results/models", "capability.results.dashboards", top_level_only=True)
        == []
    )
