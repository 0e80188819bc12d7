"""The 10,000-row attendance import through our admin path, against the import floor.

Our path: upload, preview (GET) and confirm (POST) through the Wagtail admin views with
Django's test client, as a country staff member. The floor: a raw openpyxl read of the same
file and `bulk_create` of the same people and attendances. Each round imports into a fresh
workshop with new people; rounds alternate path and floor, and the medians are compared.
"""

import datetime
import io
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from capability.register import spreadsheets
from capability.register.models import (
    Attendance,
    Competency,
    Country,
    Organisation,
    Person,
    Workshop,
)
from capability.register.normalise import email_key, name_key

ROWS = 10_000
ROUNDS = 3
STAFF = "country.staff@ctps.example"  # Ghana


def _workshop(label: str) -> Workshop:
    ghana = Country.objects.get(code="GH")
    day = datetime.date(2026, 3, 2)
    workshop = Workshop.objects.create(
        code=f"bench-import-{label}",
        title=f"Import benchmark {label}",
        kind="workshop",
        result_area="01",
        country=ghana,
        start_date=day,
        end_date=day,
        competency_level=2,
    )
    workshop.competencies.set(Competency.objects.order_by("code")[:2])
    return workshop


def _sheet(workshop: Workshop, label: str) -> bytes:
    orgs = list(
        Organisation.objects.filter(country__code="GH")
        .order_by("pk")
        .values_list("name", flat=True)
    )
    rows = [
        {
            "given_name": f"Given{i}",
            "family_name": f"Family{label}{i}",
            "sex": "FM"[i % 2],
            "organisation": orgs[i % len(orgs)],
            "rank": "Inspector",
            "email": f"import{label}.{i}@bench.example",
            "role": "participant",
            "days": 2,
            "pre_test": 40 + i % 30,
            "post_test": 60 + i % 40,
            "certified": "yes" if i % 3 else "no",
            "consent_date": "04/03/2025",
        }
        for i in range(ROWS)
    ]
    return spreadsheets.attendance_workbook(workshop_code=workshop.code, rows=rows)


def _through_admin(client: Client, content: bytes) -> tuple[float, float]:
    """Upload + preview, then confirm: seconds for each step."""
    started = time.perf_counter()
    response = client.post(
        reverse("capability_attendance:import"),
        {"file": SimpleUploadedFile("sheet.xlsx", content)},
    )
    if response.status_code != 302:
        raise SystemExit(f"import upload refused: HTTP {response.status_code}")
    preview_url = response["Location"]
    response = client.get(preview_url)
    if response.status_code != 200 or b"0 with errors" not in response.content:
        raise SystemExit(f"import preview failed: HTTP {response.status_code}")
    preview = time.perf_counter() - started
    started = time.perf_counter()
    response = client.post(preview_url, {"confirm": "1"})
    if response.status_code != 302:
        raise SystemExit(f"import confirm failed: HTTP {response.status_code}")
    return preview, time.perf_counter() - started


def _floor(content: bytes, workshop: Workshop) -> float:
    """Raw openpyxl read and bulk_create of the same rows: nothing checked, nothing matched."""
    started = time.perf_counter()
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    organisations = {
        org.name: org.pk for org in Organisation.objects.filter(country=workshop.country)
    }
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(
                given_name=row[0],
                family_name=row[1],
                sex=row[2],
                country=workshop.country,
                organisation_id=organisations.get(row[3]),
                rank=row[5] or "",
                email=row[6],
                name_key=name_key(row[0], row[1]),
                email_key=email_key(row[6]),
                consent_given=True,
                consent_date=datetime.date(2025, 3, 4),
            )
            for row in rows
        )
        Attendance.objects.bulk_create(
            Attendance(
                person=person,
                workshop=workshop,
                days_attended=row[9],
                pre_test_score=row[10],
                post_test_score=row[11],
                certified=row[12] == "yes",
            )
            for person, row in zip(people, rows, strict=True)
        )
    return time.perf_counter() - started


def run() -> dict:
    staff = get_user_model().objects.get(username=STAFF)
    client = Client()
    client.force_login(staff)
    previews, confirms, floors = [], [], []
    first = Workshop.objects.filter(code__startswith="bench-import-").count()  # reruns
    for number in range(first, first + ROUNDS):
        ours, raw = _workshop(f"path-{number}"), _workshop(f"floor-{number}")
        content = _sheet(ours, f"p{number}")
        floor_content = _sheet(raw, f"f{number}")
        preview, confirm = _through_admin(client, content)
        previews.append(preview)
        confirms.append(confirm)
        floors.append(_floor(floor_content, raw))
        if ours.attendances.count() != ROWS or raw.attendances.count() != ROWS:
            raise SystemExit("import benchmark: a round did not write every row")
    floor = statistics.median(floors)
    preview, confirm = statistics.median(previews), statistics.median(confirms)
    return {
        "rows": ROWS,
        "rounds": ROUNDS,
        "preview_s": preview,
        "confirm_s": confirm,
        "floor_s": floor,
        "confirm_ratio": confirm / floor,
        "total_ratio": (preview + confirm) / floor,
    }
