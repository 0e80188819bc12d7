"""The public results page: aggregate charts under a CSP relaxed for styles only."""

import datetime

import pytest
from django.utils import translation

from capability.results.dashboards.public import release_figures
from capability.results.indicators.queries import Scope
from capability.results.models import Release
from tests.factories.results import DashboardPageFactory


@pytest.fixture
def results_page(programme, programme_staff):
    """The public results page under the site root, showing a release of the programme's
    figures (stored as `release_create` stores them; its audit is tested elsewhere)."""
    scope = Scope(None, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    figures = {}
    for language in ("en", "fr"):
        with translation.override(language):
            figures[language] = release_figures(scope)
    Release.objects.create(
        end=scope.end, created_by=programme_staff, figures=figures, iati="<iati-activities/>"
    )
    return DashboardPageFactory()


def directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()
    }


def test_public_results_page_shows_aggregate_charts_with_local_plotly(client, results_page):
    response = client.get(results_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script id="figure-0" type="application/json">' in html
    assert "/static/capability/vendor/plotly-basic.min.js" in html
    assert "https://" not in html.replace("https://schema", "")


def test_only_the_results_page_lets_inline_styles_through(client, results_page):
    policy = directives(client.get(results_page.url)["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["script-src"] == "script-src 'self'"
    home = directives(client.get("/en/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in home["style-src"]


def test_results_page_hides_charts_not_selected(client, results_page):
    results_page.show_overview = results_page.show_trend = False
    results_page.show_disaggregation = results_page.show_learning = False
    results_page.show_competencies = True
    results_page.save_revision().publish()
    html = client.get(results_page.url).content.decode()
    assert html.count('type="application/json"') == 1
    assert "competency area" in html
