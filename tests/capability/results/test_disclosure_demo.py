"""The disclosure audit on the demo data, and honest markers on its dashboards."""

from django.core.management import call_command

from capability.results.dashboards import disaggregation
from capability.results.indicators.queries import Scope
from capability.results.releases.services import closed_quarter_ends

BASE = "/admin/indicators/dashboards/"


def test_the_audit_passes_on_the_demo(demo):
    call_command("audit_disclosure", "--end", closed_quarter_ends()[-1].isoformat())


def test_no_marker_lies_on_the_demo_disaggregation(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="manager@ctps.example"))
    response = client.get(f"{BASE}disaggregation/")
    assert response.status_code == 200
    scope = response.context["scope"]
    data = disaggregation.aggregates(Scope(None, scope.start, scope.end))
    for dimension, table in zip(
        ("sex", "organisation_type"), response.context["tables"], strict=True
    ):
        totals, _hidden = disaggregation._totals(data, dimension)
        values = dict(disaggregation._labels(dimension))
        names = {name: value for value, name in values.items()}
        countries = {c["name"]: c["code"] for c in data["countries"]}
        for row in table.rows:
            for header, cell in zip(table.headers[1:], row[1:], strict=True):
                true = totals.get((countries[header], names[row[0]]), 0)
                if cell == "<5":
                    assert 0 < true < 5, (row[0], header, true)
                elif isinstance(cell, int):
                    assert cell == true
