"""Dashboards in the admin: permissions, country scope, suppression in pages and xlsx,
query ceilings at two data sizes, the indicator exports (xlsx, IATI) and the command."""

import datetime
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from openpyxl import load_workbook

from capability.register.models import Attendance, Organisation, Person, Workshop
from capability.results.dashboards import DASHBOARDS
from capability.results.iati import activities_schema
from capability.results.indicators.cache import invalidate
from capability.results.models import IndicatorBaseline

BASE = "/admin/indicators/dashboards/"


def figures(response) -> list[dict]:
    html = response.content.decode()
    blocks = re.findall(r'<script id="figure-\d+" type="application/json">(.*?)</script>', html)
    return [json.loads(block) for block in blocks]


def sheet_rows(content: bytes, title: str) -> list[tuple]:
    """The rows of the sheet whose title (row 1) is `title`."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook:
        if sheet["A1"].value == title:
            return list(sheet.iter_rows(values_only=True))
    raise AssertionError(f"no sheet titled {title!r} in {workbook.sheetnames}")


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_manager_sees_every_dashboard_with_plotly_served_locally(login, programme, manager, slug):
    response = login(manager).get(f"{BASE}{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/capability/vendor/plotly.min.js" in html
    assert "cdn.plot.ly" not in html and "https://cdn" not in html
    assert figures(response), "no figure data block"
    # no inline executable script: only JSON data blocks and static files
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        assert 'type="application/json"' in tag or "wagtail-config" in tag or "csrf" in tag, tag


def test_manager_sees_dashboards_and_no_personal_data(login, programme, manager):
    client = login(manager)
    for url in (
        "/admin/capability_person/",
        "/admin/capability_attendance/",
        "/admin/capability_followup/",
        "/admin/capability_deliverable/",
        "/admin/capability_indicatorvalue/",
    ):
        assert client.get(url).status_code in (302, 403), url
    html = client.get(f"{BASE}disaggregation/").content.decode()
    for person in Person.objects.filter(country__code="GH").order_by("pk")[:20]:
        assert person.email not in html
    menu = client.get("/admin/").content.decode()
    assert "Dashboards" in menu


@pytest.mark.parametrize("user", ["trainee"])
def test_people_without_the_permission_are_refused(client, login, request, programme, user):
    assert client.get(f"{BASE}").status_code == 302  # anonymous: to the login page
    response = login(request.getfixturevalue(user)).get(f"{BASE}")
    assert response.status_code in (302, 403)


def test_country_staff_see_their_countries_figures_only(login, programme, ghana_staff, kenya_staff):
    response = login(ghana_staff).get(f"{BASE}overview/")
    assert response.status_code == 200
    titles = [figure["layout"]["title"]["text"] for figure in figures(response)]
    assert any("Ghana" in title for title in titles)
    assert not any("Kenya" in title or "Senegal" in title for title in titles)
    # asking for Kenya does not widen the scope
    response = login(ghana_staff).get(f"{BASE}overview/?country=KE")
    titles = [figure["layout"]["title"]["text"] for figure in figures(response)]
    assert not any("Kenya" in title for title in titles)
    kenya = login(kenya_staff).get(f"{BASE}overview/")
    kenya_titles = [figure["layout"]["title"]["text"] for figure in figures(kenya)]
    assert any("Kenya" in title for title in kenya_titles)


def test_programme_staff_filter_one_country(login, programme, programme_staff):
    response = login(programme_staff).get(f"{BASE}overview/?country=SN")
    titles = [figure["layout"]["title"]["text"] for figure in figures(response)]
    assert any("Senegal" in title for title in titles)
    assert not any("Ghana" in title for title in titles)


def test_small_cells_show_as_suppressed_in_the_page_and_the_xlsx(login, world, manager):
    client = login(manager)
    response = client.get(f"{BASE}disaggregation/?country=ZZ")
    html = response.content.decode()
    # 4 women and 4 men of 8 people shown elsewhere: "<5" twice would say 4 and 4
    assert "not broken down" in html
    sex = figures(response)[0]
    assert all(y is None for trace in sex["data"] for y in trace["y"])  # 4 F, 4 M: not drawn
    content = client.get(f"{BASE}disaggregation/xlsx/?country=ZZ").content
    rows = sheet_rows(content, "People trained by sex")
    by_category = {row[0]: row[1] for row in rows if row and row[0]}
    assert by_category["Female"] == by_category["Male"] == "not broken down"


def test_dashboard_xlsx_holds_the_numbers_behind_the_charts(login, world, manager):
    response = login(manager).get(f"{BASE}trend/xlsx/?country=ZZ&start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content, "Cumulative people trained and workshops held")
    data = {row[0]: row for row in rows if row and str(row[0]).startswith("2025 Q")}
    # workshops W1, W2 (Q1/Q2), W3 (Q3): cumulative 1, 2, 3, 3; people 8 by Q4 (p9 in Q4)
    assert [data[f"2025 Q{q}"][3] for q in (1, 2, 3, 4)] == [1, 2, 3, 3]
    assert data["2025 Q4"][1] == 8


def test_overview_table_and_indicator_exports(login, world, manager):
    client = login(manager)
    response = client.get(f"{BASE}export/xlsx/")
    assert response.status_code == 200
    rows = sheet_rows(response.content, "Indicators")
    assert any(row[0] == "OO.1" and row[4] == "Programme" for row in rows if row)
    # one country only would rewrite the programme's activity: refused, with a message
    refused = client.get(f"{BASE}export/iati/?country=GH")
    assert refused.status_code == 302
    document = etree.fromstring(client.get(f"{BASE}export/iati/").content)
    activities_schema().assertValid(document)
    assert {r.get("code") for r in document.iter("recipient-country")} == {"GH", "KE", "SN"}


def test_export_command_writes_valid_iati_and_xlsx(world, tmp_path):
    schema = activities_schema()
    target = tmp_path / "indicators.xml"
    call_command("export_indicators", "--format", "iati", "--output", str(target),
                 stdout=io.StringIO())  # fmt: skip
    document = etree.parse(str(target))
    schema.assertValid(document)
    indicators = document.findall(".//result/indicator")
    assert len(indicators) >= 10
    assert all(i.get("measure") in ("1", "2") for i in indicators)
    assert document.find(".//result/indicator/baseline").get("year") == "2023"
    assert document.findall(".//period/actual/location")
    # people trained by sex and workshops by kind are published as dimensions
    # (people by sex: every sex cell of this small world is hidden, so none is written)
    assert document.findall(".//actual/dimension[@name='workshop_kind']")

    zz = tmp_path / "zz.xml"
    with pytest.raises(CommandError, match="whole programme"):
        call_command("export_indicators", "--format", "iati", "--output", str(zz), "--country",
                     "ZZ", stdout=io.StringIO())  # fmt: skip
    assert not zz.exists()
    # hidden figures are left out: no empty or value-less actual
    assert all(a.get("value") for a in document.iter("actual"))
    assert all(i.get("aggregation-status") == "0" for i in indicators)
    assert all(
        n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in document.iter("narrative")
    )


def _grow(country_code: str, people: int) -> None:
    """Add `people` trained people (bulk, like an import) to a country of the register."""
    person = Person.objects.filter(country__code=country_code).first()
    organisation = Organisation.objects.filter(country=person.country).first()
    workshop = Workshop.objects.create(
        code=f"grow-{people}", title="Grow", kind="workshop", result_area="01",
        country=person.country, start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 5, 2),
    )  # fmt: skip
    new = Person.objects.bulk_create(
        Person(given_name=f"G{n}", family_name="Grow", country=person.country,
               organisation=organisation, sex="F")
        for n in range(people)
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(person=p, workshop=workshop, pre_test_score=40, post_test_score=60) for p in new
    )
    invalidate()


# trend: +1 per earlier reporting-year end (its points keep the yearly table's statuses)
CEILINGS = {"overview": 40, "trend": 20, "disaggregation": 16, "learning": 18, "competencies": 16}


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_query_count_does_not_grow_with_the_data(
    login, programme, manager, slug, django_assert_max_num_queries
):
    client = login(manager)
    client.get(f"{BASE}{slug}/")  # warm the session and permission caches
    counts = []
    for extra in (0, 300):
        if extra:
            _grow("KE", extra)
        invalidate()
        with django_assert_max_num_queries(CEILINGS[slug]) as captured:
            assert client.get(f"{BASE}{slug}/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_cached_dashboard_runs_no_aggregate_query(
    login, programme, manager, django_assert_max_num_queries
):
    client = login(manager)
    client.get(f"{BASE}overview/")
    with django_assert_max_num_queries(14):
        assert client.get(f"{BASE}overview/").status_code == 200


def test_export_command_refuses_a_schema_invalid_document_and_writes_nothing(world, tmp_path):
    """A baseline year typed as 0 (saved past the form, e.g. by an import) breaks the schema."""
    baseline = IndicatorBaseline.objects.filter(country=None).select_related("indicator").first()
    IndicatorBaseline.objects.filter(pk=baseline.pk).update(year=0)
    target = tmp_path / "indicators.xml"
    with pytest.raises(CommandError) as refused:
        call_command("export_indicators", "--format", "iati", "--output", str(target),
                     stdout=io.StringIO())  # fmt: skip
    message = str(refused.value)
    assert "Nothing written" in message and "IATI 2.03 schema" in message
    assert "'year'" in message and "positiveInteger" in message
    assert not target.exists()


def test_dashboard_iati_download_refuses_a_schema_invalid_document(login, world, manager):
    IndicatorBaseline.objects.filter(country=None).update(year=0)
    response = login(manager).get(f"{BASE}export/iati/", follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0].startswith(BASE)
    assert response["Content-Type"].startswith("text/html")
    assert "breaks the IATI 2.03 schema" in response.content.decode()
