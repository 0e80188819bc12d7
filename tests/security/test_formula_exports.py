"""Exports of ours never hand Excel a formula: CSV text gets a quote, xlsx text stays text.

Real files, read back with csv and openpyxl; numbers and dates keep their types.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from capability.register.models import Person
from tests.courses.records import complete
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory
from tests.factories.register import OrganisationFactory, country

from .test_access_matrix import body_text

HOSTILE = {
    "given_name": '=HYPERLINK("http://evil.example","x")',
    "family_name": "+cmd|' /C calc'!A0",
    "rank": "@SUM(1+1)",
    "phone": "-2+3",
}


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response):
    return list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig"))))


def _xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(_content(response))).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.fixture
def hostile_person(db):
    ghana = country("GH")
    return Person.objects.create(
        **HOSTILE,
        sex="F",
        year_of_birth=1980,
        country=ghana,
        organisation=OrganisationFactory(country=ghana),
        email="tab@example.org",
        consent_given=True,
        consent_date=datetime.date(2025, 3, 4),
    )


def test_register_csv_export_quotes_formulas(login, hostile_person, programme_staff):
    response = login(programme_staff).get(reverse("capability_person:index") + "?export=csv")
    rows = _csv_rows(response)
    headers = rows[0]
    row = next(r for r in rows if "tab@example.org" in r)
    cells = dict(zip(headers, row, strict=True))
    assert cells["Given name"] == "'" + HOSTILE["given_name"]
    assert cells["Family name"] == "'" + HOSTILE["family_name"]
    assert cells["Rank or role"] == "'" + HOSTILE["rank"]
    assert cells["Phone"] == "'" + HOSTILE["phone"]
    assert cells["Year of birth"] == "1980"  # numbers untouched


def test_register_xlsx_export_keeps_text_as_text(login, hostile_person, programme_staff):
    response = login(programme_staff).get(reverse("capability_person:index") + "?export=xlsx")
    rows = _xlsx_cells(response)
    headers = [cell.value for cell in rows[0]]
    row = next(r for r in rows if any(cell.value == "tab@example.org" for cell in r))
    cells = dict(zip(headers, row, strict=True))
    for heading, key in [("Given name", "given_name"), ("Family name", "family_name")]:
        assert cells[heading].data_type == "s"
        assert cells[heading].value == HOSTILE[key]
    assert cells["Year of birth"].value == 1980
    assert cells["Consent date"].is_date


def test_import_ready_export_keeps_text_as_text(login, hostile_person, programme_staff):
    response = login(programme_staff).get(reverse("capability_person:export_for_import"))
    rows = _xlsx_cells(response)
    row = next(r for r in rows if any(cell.value == "tab@example.org" for cell in r))
    hostile = [cell for cell in row if cell.value == HOSTILE["given_name"]]
    assert hostile and all(cell.data_type == "s" for cell in hostile)
    assert not any(cell.data_type == "f" for cell in row)


@pytest.fixture
def hostile_trainee(db):
    """The enrolment of a trainee whose name and email are formulas, who took a course."""
    user = TraineeFactory()
    enrolment = complete(CoursePageFactory(lessons=2), user)
    user.first_name = "=1+2"
    user.email = "=evil@example.org"
    user.save()
    return enrolment


def test_course_report_exports_neutralise_formulas(login, hostile_trainee, programme_staff):
    client = login(programme_staff)
    page_id = hostile_trainee.course_id
    rows = _csv_rows(client.get(reverse("courses_admin:export", args=[page_id, "csv"])))
    row = next(r for r in rows if "'=evil@example.org" in r)
    assert row[1].startswith("'=1+2")
    cells = _xlsx_cells(client.get(reverse("courses_admin:export", args=[page_id, "xlsx"])))
    row = next(r for r in cells if r[0].value == "=evil@example.org")
    assert row[0].data_type == "s" and row[1].data_type == "s"
    assert isinstance(row[4].value, int)  # progress stays a number
    assert row[3].is_date


def test_enrolment_csv_export_quotes_formulas(login, hostile_trainee, programme_staff):
    response = login(programme_staff).get(reverse("courses_enrolment:index") + "?export=csv")
    assert "'=evil@example.org" in body_text(response)
    response = login(programme_staff).get(reverse("courses_enrolment:index") + "?export=xlsx")
    cells = [cell for row in _xlsx_cells(response) for cell in row]
    hostile = [cell for cell in cells if cell.value == "=evil@example.org"]
    assert hostile and hostile[0].data_type == "s"
