"""The public results page: the smallest vendored plotly.js bundle its charts need (same
plotly.js version as the Python package that builds the figures), and its French version
at /fr/results/ linked from the French navigation."""

import datetime
import json
import re
from pathlib import Path

import plotly
import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from capability.results.dashboards.public import (
    BASIC_BUNDLE,
    CARTESIAN_BUNDLE,
    plotly_bundle,
    public_figures,
    release_figures,
)
from capability.results.indicators.demo import build_results_page
from capability.results.indicators.queries import Scope
from capability.results.models import DashboardPage, Indicator, Release
from tests.factories.site import home_page

VERSION = re.compile(r"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)")


def bundle_version(path: str) -> str:
    return VERSION.search(Path(path).read_text(encoding="utf-8")[:300]).group(1)


def release(user) -> Release:
    """A release of the programme's figures, stored as `release_create` stores them (its
    audit is tested elsewhere): the public page shows releases only."""
    scope = Scope(None, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    figures = {}
    for language in ("en", "fr"):
        with translation.override(language):
            figures[language] = release_figures(scope)
    return Release.objects.create(
        end=scope.end, created_by=user, figures=figures, iati="<iati-activities/>"
    )


def test_vendored_bundles_match_the_plotly_package_and_carry_their_licence():
    package = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    for bundle in (BASIC_BUNDLE, CARTESIAN_BUNDLE):
        found = finders.find(bundle)
        assert found, bundle
        assert bundle_version(found) == bundle_version(str(package))
        assert Path(found).stat().st_size < 1_600_000  # a partial bundle, not the 4.8 MB one
    assert "MIT" in Path(finders.find("capability/vendor/plotly.js-LICENSE.txt")).read_text()


def test_charts_get_the_smallest_bundle_that_draws_them(programme, programme_staff):
    latest = release(programme_staff)

    def bundle(slugs: list[str]) -> str:
        figures = public_figures(slugs, latest)
        assert figures
        return plotly_bundle(figures)

    assert bundle(["overview", "trend", "disaggregation"]) == BASIC_BUNDLE
    assert bundle(["learning"]) == BASIC_BUNDLE
    assert bundle(["trend", "competencies"]) == CARTESIAN_BUNDLE  # heatmap


@pytest.fixture
def results_pages(programme, programme_staff):
    """The English and French home pages and the demo's results page in both languages,
    showing a release made after the French title was entered."""
    home_page()
    build_results_page()
    Indicator.objects.filter(code="OO.1").update(title_fr="Personnes formées")
    release(programme_staff)
    return DashboardPage.objects.order_by("locale__language_code")


def test_the_results_page_exists_in_french_and_each_navigation_links_its_own(client, results_pages):
    assert [page.url for page in results_pages] == ["/en/results/", "/fr/results/"]
    french = client.get("/fr/results/")
    assert french.status_code == 200
    html = french.content.decode()
    assert '<html lang="fr">' in html
    assert "Résultats du programme" in html
    assert '<a href="/fr/results/" aria-current="page">Résultats</a>' in html
    assert "Sénégal" in html and "Senegal" not in html.replace("Sénégal", "")
    blocks = re.findall(r'<script id="figure-\d+" type="application/json">(.*?)</script>', html)
    rows = json.loads(blocks[0])["layout"]["yaxis"]["categoryarray"]
    assert "OO.1 · Personnes formées" in [row.replace("<br>", " ") for row in rows]
    assert 'src="/static/capability/vendor/plotly-basic.min.js"' in html
    home = client.get("/fr/").content.decode()
    assert '<a href="/fr/results/">Résultats</a>' in home
    english = client.get("/en/").content.decode()
    assert '<a href="/en/results/">Results</a>' in english


def test_no_results_link_in_a_language_without_the_page(client, programme):
    home_page()
    build_results_page()
    DashboardPage.objects.filter(locale__language_code="fr").get().unpublish()
    assert "/fr/results/" not in client.get("/fr/").content.decode()
    assert '<a href="/en/results/">Results</a>' in client.get("/en/").content.decode()


def test_building_the_demo_results_page_twice_changes_nothing(programme):
    home_page()
    build_results_page()
    build_results_page()
    assert DashboardPage.objects.count() == 2
