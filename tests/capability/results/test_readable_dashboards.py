"""Dashboards managers can read: names beside codes, nothing clipped, one colour-blind-safe
colour per category, a "no data" state, filters by quarter, sex and organisation type that
show the suppressed cells as they are, and French titles and country names."""

import json
import re

import pytest
from wagtail.users.models import UserProfile

from capability.register.models.choices import OrganisationType
from capability.results.dashboards import disaggregation
from capability.results.dashboards.base import LABEL_WIDTH, OKABE_ITO, TOL_MUTED
from capability.results.dashboards.disaggregation import NO_ORGANISATION
from capability.results.models import Indicator
from tests.factories.register import CountryFactory

BASE = "/admin/indicators/dashboards/"


def figures(response) -> list[dict]:
    html = response.content.decode()
    blocks = re.findall(r'<script id="figure-\d+" type="application/json">(.*?)</script>', html)
    return [json.loads(block) for block in blocks]


def lines(label: str) -> list[str]:
    return label.split("<br>")


def test_overview_names_every_indicator_beside_its_code(login, programme, manager):
    response = login(manager).get(f"{BASE}overview/")
    indicators = list(Indicator.objects.order_by("level", "sort_order", "code"))
    charts = figures(response)
    assert len(charts) == 4  # the programme and three countries
    for chart in charts:
        rows = chart["layout"]["yaxis"]["categoryarray"]
        assert [" ".join(lines(row)) for row in rows] == [
            f"{indicator.code} · {indicator.title}" for indicator in indicators
        ]
        drawn = [label for trace in chart["data"] for label in trace["y"]]
        assert set(drawn) <= set(rows)
        # names wrap instead of running out of the figure
        for row in rows:
            assert all(len(line) <= LABEL_WIDTH for line in lines(row)), row
        assert any("<br>" in row for row in rows)


def test_axes_and_titles_push_the_margins_and_the_legend_sits_above_the_plot(
    login, programme, manager
):
    response = login(manager).get(f"{BASE}learning/")
    for chart in figures(response):
        template = chart["layout"]["template"]["layout"]
        assert template["xaxis"]["automargin"] and template["yaxis"]["automargin"]
        assert template["title"]["automargin"] is True
        # above the plot area, where no axis title is
        assert template["legend"]["y"] > 1 and template["legend"]["yanchor"] == "bottom"
    gain = figures(response)[-1]
    assert "Mean gain" in gain["layout"]["xaxis"]["title"]["text"]
    for label in gain["data"][0]["y"]:
        assert all(len(line) <= LABEL_WIDTH for line in lines(label)), label
    html = response.content.decode()
    # titles are the figures' captions, in the page, where they wrap like any text
    assert (
        '<figcaption class="ctps-figure-caption">Mean gain (points), by workshop kind and' in html
    )


def test_a_selection_without_data_says_so_instead_of_drawing_empty_axes(login, programme, manager):
    CountryFactory(code="YY", name="Empty Land")
    response = login(manager).get(f"{BASE}disaggregation/?country=YY")
    assert response.status_code == 200
    for chart in figures(response):
        assert chart["data"] == []
        assert chart["layout"]["xaxis"]["visible"] is False
        assert chart["layout"]["yaxis"]["visible"] is False
        assert [note["text"] for note in chart["layout"]["annotations"]] == [
            "No data for this selection"
        ]


def test_every_category_has_its_own_colour_blind_safe_colour(login, programme, manager):
    countries = [{"id": 1, "code": "GH", "name": "Ghana"}, {"id": 2, "code": "KE", "name": "Kenya"}]
    types = [value for value, _name in OrganisationType.choices] + [NO_ORGANISATION]
    cells = [
        {"country": country["code"], "sex": sex, "organisation_type": kind, "n": 20}
        for country in countries
        for sex in ("F", "M", "X")
        for kind in types
    ]
    sex, organisation = disaggregation.figures({"countries": countries, "cells": cells})
    for chart, palette, count in ((sex, OKABE_ITO, 3), (organisation, TOL_MUTED, 10)):
        colours = [trace.marker.color for trace in chart.data]
        assert len(colours) == len(set(colours)) == count
        assert set(colours) <= set(palette)
    overview = figures(login(manager).get(f"{BASE}overview/"))[0]
    statuses = {trace["name"]: trace["marker"]["color"] for trace in overview["data"]}
    assert len(set(statuses.values())) == len(statuses)  # one colour per status, named


def test_a_chart_whose_figures_are_all_withheld_says_so(login, world, manager):
    sex = figures(login(manager).get(f"{BASE}disaggregation/?country=ZZ"))[0]
    assert [note["text"].replace("<br>", " ") for note in sex["layout"]["annotations"]] == [
        "Every figure of this selection is withheld (fewer than 5 people): see the table."
    ]
    assert {trace["name"] for trace in sex["data"]} == {"Female", "Male"}


def test_sex_filter_shows_that_category_with_the_cells_of_the_whole_table(login, world, manager):
    client = login(manager)
    whole = figures(client.get(f"{BASE}disaggregation/?country=ZZ"))
    women = figures(client.get(f"{BASE}disaggregation/?country=ZZ&sex=F"))
    assert [trace["name"] for trace in women[0]["data"]] == ["Female"]
    female = next(trace for trace in whole[0]["data"] if trace["name"] == "Female")
    # Zedland's few people are not broken down by the disclosure layer: the filter shows
    # that same protected cell, it computes nothing new
    assert women[0]["data"][0]["text"] == female["text"] == ["not broken down"]
    assert women[0]["data"][0]["y"] == [None]  # protected: not drawn, as without the filter
    assert women[1] == whole[1]  # the organisation chart is no cross-tabulation by sex
    police = figures(client.get(f"{BASE}disaggregation/?country=ZZ&organisation_type=police"))
    assert [trace["name"] for trace in police[1]["data"]] == ["Police"]
    html = client.get(f"{BASE}disaggregation/?country=ZZ&sex=F").content.decode()
    assert "not broken down" in html


def test_filters_offered_are_those_of_the_dashboard_breakdowns(login, programme, manager):
    client = login(manager)
    disaggregation = client.get(f"{BASE}disaggregation/").content.decode()
    assert 'name="sex"' in disaggregation and 'name="organisation_type"' in disaggregation
    trend = client.get(f"{BASE}trend/").content.decode()
    assert 'name="sex"' not in trend and 'name="level"' not in trend
    overview = client.get(f"{BASE}overview/").content.decode()
    assert 'name="level"' in overview
    for html in (disaggregation, trend, overview):
        assert '<option value="2025-01-01">2025 Q1</option>' in html
        assert '<option value="2025-12-31">2025 Q4</option>' in html


def test_periods_are_whole_quarters_and_wrong_ones_are_explained(login, programme, manager):
    client = login(manager)
    response = client.get(f"{BASE}trend/?start=2025-02-13")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Period 2024-01-01 to 2026-12-31" in html  # the wrong filter is ignored
    response = client.get(f"{BASE}trend/?start=2026-01-01&end=2025-03-31&country=GH")
    html = response.content.decode()
    assert "The first quarter comes after the last one." in html
    assert "Period 2024-01-01 to 2026-12-31" in html
    response = client.get(f"{BASE}trend/?start=2025-04-01&end=2025-09-30")
    assert "Period 2025-04-01 to 2025-09-30" in response.content.decode()
    quarters = figures(response)[0]["data"][0]["x"]
    assert quarters == ["2025 Q2", "2025 Q3"]


@pytest.fixture
def french_manager(manager):
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "fr"
    profile.save()
    return manager


def test_french_readers_get_french_titles_units_and_country_names(login, programme, french_manager):
    Indicator.objects.filter(code="OO.1").update(title_fr="Personnes formées")
    client = login(french_manager)
    response = client.get(f"{BASE}overview/")
    html = response.content.decode()
    charts = figures(response)
    rows = [" ".join(lines(row)) for row in charts[0]["layout"]["yaxis"]["categoryarray"]]
    assert "OO.1 · Personnes formées" in rows
    # an indicator with no French title keeps its own
    other = Indicator.objects.exclude(code="OO.1").first()
    assert f"{other.code} · {other.title}" in rows
    titles = [chart["layout"]["title"]["text"].replace("<br>", " ") for chart in charts]
    assert any("Sénégal" in title for title in titles)
    assert not any("Senegal" in title for title in titles)
    assert "Programme : réel" in html or "Programme : réel" in html
    assert "Nombre" in html  # the unit
    assert '<option value="SN">Sénégal</option>' in html
