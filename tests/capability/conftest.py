"""Builders for the capability tests (register and results): a small register in Ghana and
Kenya and one account per role, from the factories of tests/factories/register.py."""

import io

import pytest
from openpyxl import Workbook

from tests.factories.accounts import ManagerFactory, ProgrammeStaffFactory, TraineeFactory
from tests.factories.register import CountryStaffFactory, small_register

# The demo's accounts, for the tests that stay on the demo (and tests/bench).
GHANA_STAFF = "country.staff@ctps.example"
KENYA_STAFF = "kenya.staff@ctps.example"
PROGRAMME_STAFF = "programme.staff@ctps.example"
MANAGER = "manager@ctps.example"
TRAINEE = "trainee@ctps.example"

HEADERS_EN = ["Given name", "Family name", "Sex", "Organisation", "Rank or role", "Email",
              "Workshop role", "Days attended", "Pre-test score (%)", "Post-test score (%)",
              "Certified", "Consent date"]  # fmt: skip


def make_xlsx(rows, *, headers=HEADERS_EN, workshop_code="", blank_tail=0) -> bytes:
    """A real xlsx made with openpyxl: optional workshop code in B1, headers on row 3."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "Workshop code", workshop_code
    sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for _ in range(blank_tail):
        sheet.append([None] * len(headers))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def participant(given="Esi", family="Quansah", org="National Police Service Ghana", **extra):
    row = {
        "sex": "F", "rank": "Inspector", "email": "", "role": "participant", "days": 2,
        "pre": 50, "post": 80, "certified": "yes", "consent": "04/03/2025",
    } | extra  # fmt: skip
    return [given, family, row["sex"], org, row["rank"], row["email"], row["role"], row["days"],
            row["pre"], row["post"], row["certified"], row["consent"]]  # fmt: skip


@pytest.fixture
def register(db):
    """Ghana and Kenya: three organisations, six people, three workshops with attendance
    and evidence each (tests.factories.register.small_register)."""
    return small_register()


@pytest.fixture
def ghana_staff(db):
    return CountryStaffFactory(countries=["GH"], first_name="Abena", last_name="Staff")


@pytest.fixture
def kenya_staff(db):
    return CountryStaffFactory(countries=["KE"], first_name="Otieno", last_name="Staff")


@pytest.fixture
def programme_staff(db):
    return ProgrammeStaffFactory()


@pytest.fixture
def manager(db):
    return ManagerFactory()


@pytest.fixture
def trainee(db):
    return TraineeFactory(first_name="Kwame", last_name="Trainee")


@pytest.fixture
def role_users(trainee, ghana_staff, programme_staff, manager):
    """The user of each role of the access matrices (None: anonymous)."""
    return {
        "anonymous": None,
        "trainee": trainee,
        "ghana": ghana_staff,
        "programme": programme_staff,
        "manager": manager,
    }


@pytest.fixture
def kenya_person(register):
    return register.people["KE"][0]


@pytest.fixture
def ghana_workshop(register):
    """Ghana's first workshop ("gh-01"), addressing three competencies."""
    return register.workshops["GH"][0]


@pytest.fixture
def ghana_person(register):
    return register.people["GH"][0]
