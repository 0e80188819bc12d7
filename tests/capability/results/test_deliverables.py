"""Deliverables, follow-ups and manual values in the admin: country scope and xlsx import."""

import datetime

import pytest

from capability.register.models import Workshop
from capability.results.models import Deliverable, FollowUp, IndicatorValue

from ..register.test_resources import exported, import_file, xlsx

REFUSED = (302, 403)  # Wagtail turns PermissionDenied into a redirect to the dashboard


@pytest.fixture
def kenya_deliverable(programme):
    return Deliverable.objects.filter(country__code="KE").first()


def test_country_staff_list_only_their_countries_deliverables(
    login, kenya_deliverable, ghana_staff, kenya_staff
):
    client = login(ghana_staff)
    html = client.get("/admin/capability_deliverable/").content.decode()
    assert "Accra Sports Stadium" in html
    assert kenya_deliverable.title not in html
    response = client.get(f"/admin/capability_deliverable/edit/{kenya_deliverable.pk}/")
    assert response.status_code in REFUSED
    assert (
        login(kenya_staff)
        .get(f"/admin/capability_deliverable/edit/{kenya_deliverable.pk}/")
        .status_code
        == 200
    )


def test_follow_ups_follow_the_person_country(login, programme, ghana_staff):
    kenyan = FollowUp.objects.filter(person__country__code="KE").first()
    client = login(ghana_staff)
    assert client.get("/admin/capability_followup/").status_code == 200
    assert client.get(f"/admin/capability_followup/edit/{kenyan.pk}/").status_code in REFUSED


def test_manual_values_scope_and_programme_values(login, programme, ghana_staff, programme_staff):
    kenyan = IndicatorValue.objects.filter(country__code="KE").first()
    assert (
        login(ghana_staff).get(f"/admin/capability_indicatorvalue/edit/{kenyan.pk}/").status_code
        in REFUSED
    )
    assert (
        login(programme_staff)
        .get(f"/admin/capability_indicatorvalue/edit/{kenyan.pk}/")
        .status_code
        == 200
    )


def test_deliverables_round_trip_through_xlsx(login, programme, ghana_staff):
    client = login(ghana_staff)
    rows = exported(client, "capability_deliverable")
    header, body = rows[0], rows[1:]
    assert {row[header.index("country")] for row in body} == {"GH"}
    new = [None] * len(header)
    new[header.index("kind")] = "risk_assessment"
    new[header.index("title")] = "Kumasi Jubilee Park"
    new[header.index("venue_type")] = "festival"
    new[header.index("country")] = "GH"
    new[header.index("status")] = "validated"
    new[header.index("validated_on")] = datetime.date(2026, 3, 1)
    url, html = import_file(client, "capability_deliverable", xlsx([header, *body, new]))
    assert "1 new" in html
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Deliverable.objects.get(title="Kumasi Jubilee Park").country.code == "GH"


def test_deliverables_for_another_country_are_refused(login, programme, ghana_staff):
    client = login(ghana_staff)
    header = ["id", "kind", "title", "venue_type", "country", "status"]
    url, html = import_file(
        client, "capability_deliverable",
        xlsx([header, [None, "sop", "Nairobi SOP", "", "KE", "draft"]]),
    )  # fmt: skip
    assert "not in your countries" in html
    client.post(url, {"confirm": "1"})
    assert not Deliverable.objects.filter(title="Nairobi SOP").exists()


def test_follow_ups_import_by_person_id_and_workshop_code(login, programme, ghana_staff):
    client = login(ghana_staff)
    workshop = Workshop.objects.filter(country__code="GH").first()
    person = workshop.attendances.exclude(person__follow_ups__workshop=workshop).first().person
    header = ["id", "person", "workshop", "date", "applies_learning", "method", "note"]
    row = [None, person.pk, workshop.code, datetime.date(2026, 6, 1), 1, "interview", ""]
    url, html = import_file(client, "capability_followup", xlsx([header, row]))
    assert "1 new" in html, html[:3000]
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert FollowUp.objects.get(person=person, workshop=workshop).applies_learning


def test_manual_values_are_audited(login, programme, programme_staff):
    from wagtail.models import ModelLogEntry

    from capability.results.models import Indicator

    indicator = Indicator.objects.get(code="OO.2")
    client = login(programme_staff)
    response = client.post(
        "/admin/capability_indicatorvalue/new/",
        {"indicator": indicator.pk, "country": "", "year": 2026, "quarter": "", "value": "3",
         "comment": "Strategy adopted in Senegal", "evidence": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/capability_indicatorvalue/", response["Location"]
    value = IndicatorValue.objects.get(indicator=indicator, country=None, year=2026)
    assert value.recorded_by == programme_staff
    assert ModelLogEntry.objects.for_instance(value).filter(action="wagtail.create").exists()


def test_deliverables_carry_their_organisations_through_xlsx(login, programme, ghana_staff):
    from capability.register.models import Organisation

    client = login(ghana_staff)
    ghanaian = list(Organisation.objects.filter(country__code="GH").order_by("name")[:2])
    kenyan = Organisation.objects.filter(country__code="KE").first()
    deliverable = Deliverable.objects.filter(country__code="GH").order_by("pk").first()
    deliverable.organisations.set(ghanaian)
    rows = exported(client, "capability_deliverable")
    header = rows[0]
    exported_row = next(row for row in rows[1:] if row[header.index("id")] == str(deliverable.pk))
    assert exported_row[header.index("organisations")] == "; ".join(o.name for o in ghanaian)

    new = [None] * len(header)
    for column, value in (
        ("kind", "sop"),
        ("title", "Tema port SOP"),
        ("country", "GH"),
        ("status", "draft"),
        ("organisations", f" {ghanaian[1].name.upper()} ;{ghanaian[0].name}"),
    ):
        new[header.index(column)] = value  # fmt: skip
    url, html = import_file(client, "capability_deliverable", xlsx([header, new]))
    assert "1 new" in html
    assert client.post(url, {"confirm": "1"}).status_code == 302
    created = Deliverable.objects.get(title="Tema port SOP")
    assert set(created.organisations.all()) == set(ghanaian)

    new[header.index("title")] = "Takoradi SOP"
    new[header.index("organisations")] = f"{ghanaian[0].name}; {kenyan.name}; Nowhere Ltd"
    url, html = import_file(client, "capability_deliverable", xlsx([header, new]))
    assert "Organisations unknown in this country" in html
    assert kenyan.name in html and "Nowhere Ltd" in html
    client.post(url, {"confirm": "1"})
    assert not Deliverable.objects.filter(title="Takoradi SOP").exists()
