"""The disclosure layer and its audit: honest markers, hidden cells that linear programming
cannot narrow, on random worlds and on a programme built from factories, and a leaky table
the audit catches."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from capability.results.iati import activities_schema
from capability.results.indicators.disclosure import (
    Published,
    Relation,
    Status,
    audit,
    intervals,
    protect,
)
from capability.results.indicators.periods import whole_quarters
from capability.results.models import Release
from capability.results.releases.audit import audit_publication
from capability.results.releases.services import release_create
from tests.factories.results import logframe

D = datetime.date


def test_a_leaky_table_fails_the_audit():
    # trainers certified: programme 13, Kenya 5 shown, two "<5": both pinned to 4
    values = {"P": 13, "KE": 5, "GH": 4, "SN": 4}
    leaky = {"P": Status.SHOWN, "KE": Status.SHOWN, "GH": Status.PRIMARY, "SN": Status.PRIMARY}
    relations = [Relation("P", ("KE", "GH", "SN"))]
    findings = audit(leaky, values, relations)
    assert {finding.key for finding in findings} == {"GH", "SN"}
    assert intervals(leaky, values, relations, ["GH"])["GH"] == (4.0, 4.0)
    protected = protect(values, relations)
    assert audit(protected, values, relations) == []
    assert protected["KE"] == Status.WITHHELD  # 5 is hidden, and never labelled "<5"


def test_adjacent_cumulative_points_never_give_a_small_difference():
    series = [10, 12, 20]  # two people joined in the second quarter
    values, relations = {}, []
    for index, value in enumerate(series):
        values[("c", index)] = value
        values[("new", index)] = value - (series[index - 1] if index else 0)
        parts = (("new", index),) if index == 0 else (("c", index - 1), ("new", index))
        relations.append(Relation(("c", index), parts))
    leaky = {("c", i): Status.SHOWN for i in range(3)}
    assert [f.key for f in audit(leaky, values, relations)] == [("new", 1)]
    statuses = protect(values, relations, unpublished={("new", i) for i in range(3)})
    assert audit(statuses, values, relations) == []
    assert statuses[("c", 2)] == Status.SHOWN


def test_markers_are_honest():
    assert Published.count(3).label == "<5"
    assert Published.count(43, Status.WITHHELD).label == "withheld"
    assert Published.count(43, Status.PRIMARY).label == "withheld"  # never "<5" on 43
    assert Published.count(0).label == "0" and Published.count(0).plotted == 0
    assert Published.count(2).plotted is None and Published.count(2).value is None


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 60))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.lists(st.lists(counts, min_size=2, max_size=4), min_size=2, max_size=4),
    outside=st.integers(0, 6),
)
def test_random_worlds_pass_the_audit(table, outside):
    """Countries × categories, each country's total published, the programme total beside
    them with people of no country (unpublished): whatever the numbers, nothing leaks."""
    width = min(len(row) for row in table)
    values, relations = {}, []
    for r, row in enumerate(table):
        cells = [(r, c) for c in range(width)]
        for key, value in zip(cells, row, strict=False):
            values[key] = value
        values[(r, "total")] = sum(row[:width])
        relations.append(Relation((r, "total"), tuple(cells)))
    values[("outside",)] = outside
    values["P"] = sum(values[(r, "total")] for r in range(len(table))) + outside
    totals = tuple((r, "total") for r in range(len(table)))
    relations.append(Relation("P", (*totals, ("outside",))))
    statuses = protect(values, relations, unpublished={("outside",)})
    assert audit(statuses, values, relations) == []
    for key, status in statuses.items():
        assert status != Status.PRIMARY or 0 < values[key] < 5  # "<5" only on 1 to 4


def test_the_audit_passes_on_a_programme(world):
    published, findings = audit_publication(D(2025, 12, 31))
    assert published.statuses and findings == []


def test_the_audit_reports_cells_and_the_release_is_refused(world, programme_staff):
    published, findings = audit_publication(D(2025, 12, 31))
    assert published.statuses
    if findings:  # what the audit finds stops the command and the release
        with pytest.raises(CommandError, match="narrowed below the protection range"):
            call_command("audit_disclosure", "--end", "2025-12-31")
        with pytest.raises(ValidationError, match="audit failed"):
            release_create(end=D(2025, 12, 31), user=programme_staff, today=D(2026, 2, 1))
        assert not Release.objects.exists()


def test_a_release_is_audited_frozen_and_served(db, programme_staff):
    logframe()
    call_command("audit_disclosure", "--end", "2025-12-31")
    release = release_create(end=D(2025, 12, 31), user=programme_staff, today=D(2026, 2, 1))
    assert release.created_by == programme_staff and set(release.figures) == {"en", "fr"}
    document = etree.fromstring(release.iati.encode())
    activities_schema().assertValid(document)
    assert all(a.get("value") for a in document.iter("actual"))
    with pytest.raises(ValidationError):
        release.save()
    with pytest.raises(ValidationError):
        release.delete()
    with pytest.raises(ValidationError):  # once per quarter, and never an earlier one after
        release_create(end=D(2025, 9, 30), user=programme_staff, today=D(2026, 2, 1))
    with pytest.raises(ValidationError):  # only closed quarters
        release_create(end=D(2026, 3, 31), user=programme_staff, today=D(2026, 2, 1))
    assert Release.objects.latest_release() == release


def test_a_small_group_is_not_broken_down_rather_than_exposed():
    # a country of 5 people: police 1, private security 2, venue operators 2
    values = {"KE": 5, "police": 1, "private": 2, "venue": 2}
    relations = [Relation("KE", ("police", "private", "venue"))]
    statuses = protect(values, relations, fixed={"KE": Status.SHOWN})
    assert audit(statuses, values, relations)  # 5 = three "<5": each is 1 to 3
    from capability.results.indicators.disclosure import break_downs

    statuses = break_downs(statuses, values, relations, {"KE": ["police", "private", "venue"]})
    assert audit(statuses, values, relations) == []
    assert Published.count(2, statuses["police"]).label == "not broken down"


def test_the_audit_command_fails_on_nothing_to_audit_with_a_clear_message(db):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("audit_disclosure", "--end", "soon")


def test_the_public_page_serves_the_latest_release_in_english_and_french(
    db, programme_staff, client
):
    from tests.factories.results import DashboardPageFactory

    page = DashboardPageFactory()
    assert "No results have been released yet." in client.get(page.url).content.decode()
    assert client.get(f"{page.url}iati/").status_code == 404
    logframe()
    release_create(end=D(2025, 12, 31), user=programme_staff, today=D(2026, 2, 1))
    english = client.get(page.url).content.decode()
    assert "Results to 2025-12-31" in english and 'type="application/json"' in english
    assert "withheld" in english  # the legend
    # the release holds each language's figures; the page picks the reader's
    from django.utils import translation

    from capability.results.dashboards.public import public_figures

    with translation.override("fr"):
        french = str(public_figures(["disaggregation"], Release.objects.latest_release()))
    assert "Personnes formées par sexe" in french and "People trained by sex" not in french
    assert f'href="{page.url}iati/"' in english
    iati = client.get(f"{page.url}iati/")
    assert iati.status_code == 200, iati.content[:3000]
    activities_schema().assertValid(etree.fromstring(iati.content))


def test_releases_in_the_admin_who_may_create_and_the_list(db, login, programme_staff, manager):
    logframe()
    staff = login(programme_staff)
    response = staff.post("/admin/capability_release/new/", {"end": "2025-12-31"})
    assert response.status_code == 302, response.content.decode()[:2000]
    release = Release.objects.get()
    assert release.created_by == programme_staff and release.end == D(2025, 12, 31)
    listing = staff.get("/admin/capability_release/").content.decode()
    assert "2025-12-31" in listing or "Dec. 31, 2025" in listing
    assert staff.get(f"/admin/capability_release/edit/{release.pk}/").status_code in (302, 403)
    again = staff.post("/admin/capability_release/new/", {"end": "2025-12-31"})
    assert again.status_code == 200 and Release.objects.count() == 1  # once per quarter
    reader = login(manager)
    assert reader.get("/admin/capability_release/").status_code == 200
    assert reader.post("/admin/capability_release/new/", {"end": "2025-09-30"}).status_code in (
        302,
        403,
    )
    assert Release.objects.count() == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newcomers=st.lists(st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30)),
                          min_size=2, max_size=8))  # fmt: skip
def test_random_cumulative_series_never_give_newcomers_away(newcomers):
    values, relations, total = {}, [], 0
    for index, new in enumerate(newcomers):
        total += new
        values[("c", index)], values[("new", index)] = total, new
        parts = (("new", index),) if index == 0 else (("c", index - 1), ("new", index))
        relations.append(Relation(("c", index), parts))
    statuses = protect(values, relations, unpublished={("new", i) for i in range(len(newcomers))})
    assert audit(statuses, values, relations) == []


def test_dashboard_periods_are_whole_quarters(db, login, manager):
    client = login(manager)
    response = client.get("/admin/indicators/dashboards/trend/?start=2025-01-01&end=2025-06-30")
    assert response.status_code == 200
    scope = response.context["scope"]
    assert (scope.start, scope.end) == (D(2025, 1, 1), D(2025, 6, 30))
    # days inside quarters are not among the choices: refused, the period stays whole quarters
    response = client.get("/admin/indicators/dashboards/trend/?start=2025-02-10&end=2025-05-03")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"start", "end"}
    scope = response.context["scope"]
    assert whole_quarters(scope.start, scope.end) == (scope.start, scope.end)
