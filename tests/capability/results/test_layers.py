"""How the results app's packages depend on each other (no import cycle between them)."""

from ..import_graph import importers


def test_indicators_never_import_the_dashboards():
    """Dashboards show indicators; the indicator exports share only `capability.results.tables`
    with them, so the two packages never import each other both ways."""
    assert importers("capability/results/indicators", "capability.results.dashboards") == []
    assert importers("capability/results/tables.py", "capability.results.dashboards") == []
    assert importers("capability/results/tables.py", "capability.results.indicators") == []


def test_models_reach_the_dashboards_only_when_a_page_is_served():
    """Importing the models never imports the dashboards (which import the models)."""
    assert (
        importers("capability/results/models", "capability.results.dashboards", top_level_only=True)
        == []
    )
