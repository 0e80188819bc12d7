import io

import pytest
from openpyxl import Workbook

from capability.register.models import Person, Workshop

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
def ghana_workshop(demo):
    return Workshop.objects.get(code="demo-gh-01")


@pytest.fixture
def kenya_person(demo):
    return Person.objects.filter(country__code="KE").order_by("pk").first()


@pytest.fixture
def ghana_person(demo):
    return Person.objects.filter(country__code="GH").order_by("pk").first()
