from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from capability.register.models import Attendance

pytestmark = pytest.mark.browser
EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures/capability/example_attendance.xlsx"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_imports_the_example_attendance_sheet(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = Attendance.objects.filter(workshop__code="demo-gh-01").count()

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("country.staff@ctps.example")
    page.get_by_label("Password").fill("ctps-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/admin/capability_attendance/")
    page.get_by_role("link", name="Import from Excel").click()

    page.set_viewport_size({"width": 1366, "height": 768})  # a common office laptop
    page.get_by_label("Attendance sheet (.xlsx or .csv)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.locator("#import-summary")).to_contain_text("10 new, 0 updated")
    expect(page.locator("#import-preview tbody tr")).to_have_count(10)
    expect(page.locator("#import-legend")).to_be_visible()
    # usable at 1,366 px: the page itself does not scroll sideways, and the last column
    # (notes) is reachable inside the table's own scroll box
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert Attendance.objects.filter(workshop__code="demo-gh-01").count() == before

    page.get_by_role("button", name="Confirm and import 10 rows").click()
    expect(page.get_by_text("Imported example_attendance.xlsx")).to_be_visible()
    expect(page.get_by_role("link", name="Esi Quansah")).to_be_visible()
    assert Attendance.objects.filter(workshop__code="demo-gh-01").count() == before + 10
