"""Spreadsheet import/export of people, organisations and competencies (django-import-export)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from capability.register.models import Competency, Organisation, Person
from ctps_common.models import PendingImport


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exported(client, prefix):
    response = client.get(f"/admin/{prefix}/export-for-import/")
    assert response.status_code == 200
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]


def import_file(client, prefix, content, name="data.xlsx"):
    response = client.post(f"/admin/{prefix}/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    return response["Location"], preview.content.decode()


@pytest.fixture
def staff(login, register, ghana_staff):
    return login(ghana_staff)


def test_people_export_is_scoped_and_round_trips(staff):
    rows = exported(staff, "capability_person")
    header, body = rows[0], rows[1:]
    assert header[:3] == ["id", "given_name", "family_name"]
    assert len(body) == Person.objects.filter(country__code="GH").count()
    assert {row[header.index("country")] for row in body} == {"GH"}
    body[0][header.index("rank")] = "Chief Inspector"
    url, html = import_file(staff, "capability_person", xlsx([header, *body]))
    assert f"0 new, {len(body)} updated" in html
    assert Person.objects.filter(rank="Chief Inspector").count() == 0  # nothing before confirm
    response = staff.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert Person.objects.get(pk=body[0][0]).rank == "Chief Inspector"
    assert not PendingImport.objects.filter(state="previewed").exists()


def test_people_import_adds_matches_by_email_and_rejects_all_on_error(staff):
    known = Person.objects.filter(country__code="GH").exclude(email="").first()
    header = ["id", "given_name", "family_name", "sex", "country", "organisation", "email"]
    rows = [
        header,
        ["", "Ama", "Newcomer", "F", "GH", "national police service ghana", "ama@example.gh"],
        ["", known.given_name, known.family_name, "M", "GH", "", known.email.upper()],
    ]
    before = Person.objects.count()
    url, html = import_file(staff, "capability_person", xlsx(rows))
    assert "1 new, 1 updated" in html
    staff.post(url, {"confirm": "1"})
    assert Person.objects.count() == before + 1
    assert Person.objects.get(family_name="Newcomer").organisation.name.startswith(
        "National Police"
    )

    bad = [header, ["", "Ok", "Row", "F", "GH", "", ""], ["", "Bad", "Row", "F", "KE", "", ""]]
    url, html = import_file(staff, "capability_person", xlsx(bad))
    assert "is unknown or not in your countries" in html
    assert "Confirm and import" not in html
    staff.post(url, {"confirm": "1"})
    assert not Person.objects.filter(family_name="Row").exists()


def test_ids_of_other_countries_are_refused(staff):
    kenyan = Person.objects.filter(country__code="KE").first()
    rows = [["id", "given_name", "family_name", "sex", "country"],
            [kenyan.pk, "Hijack", "Attempt", "M", "GH"]]  # fmt: skip
    url, html = import_file(staff, "capability_person", xlsx(rows))
    assert f"No record {kenyan.pk} in your countries" in html
    staff.post(url, {"confirm": "1"})
    kenyan.refresh_from_db()
    assert kenyan.given_name != "Hijack"


def test_organisations_csv_import(staff):
    content = b"id,name,type,country\n,Accra Mall Security,private_security,GH\n"
    url, html = import_file(staff, "capability_organisation", content, name="orgs.csv")
    assert "1 new" in html
    staff.post(url, {"confirm": "1"})
    assert Organisation.objects.get(name="Accra Mall Security").country.code == "GH"


def test_bad_resource_files_write_nothing(staff):
    before = Person.objects.count()
    for content, name, message in [
        (b"not a workbook", "x.xlsx", "not an Excel workbook"),
        (xlsx([["id", "given_name"], ["", "=HYPERLINK(1)"]]), "x.xlsx", "formula"),
        (b"\xff\xfe\x00bad", "x.csv", "not a UTF-8 CSV"),
    ]:
        response = staff.post(
            "/admin/capability_person/import/", {"file": SimpleUploadedFile(name, content)}
        )
        assert message in response.content.decode()
    assert Person.objects.count() == before


def test_competencies_import_needs_programme_staff(login, register, ghana_staff, programme_staff):
    client = login(ghana_staff)
    assert client.get("/admin/capability_competency/import/").status_code == 302
    client = login(programme_staff)
    rows = exported(client, "capability_competency")
    rows.append(
        ["public-space-protection", "PT-9", "Drone threats", "protective_tactics", "01", ""]
    )
    url, html = import_file(client, "capability_competency", xlsx(rows))
    assert f"1 new, {Competency.objects.count()} updated" in html
    client.post(url, {"confirm": "1"})
    assert Competency.objects.get(code="PT-9").framework.code == "public-space-protection"
