"""A trainee completes a demo course, downloads the certificate and checks it; staff revoke it."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from .test_courses_browser import take_course

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certificate_is_verified_then_revoked(live_server, page, browser, settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the URL printed in the PDF
    take_course(
        page,
        live_server.url,
        "en",
        "courses/risk-assessment-crowded-places/",
        "trainee@ctps.example",
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = info.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Risk assessment for crowded places" in text
    url = re.search(r"(http://\S+/verify/[A-Z2-7-]+/)", text).group(1)
    assert url.startswith(live_server.url)

    page.goto(url)
    expect(page.locator(".verify")).to_contain_text("Valid")
    expect(page.locator(".verify")).to_contain_text("Risk assessment for crowded places")

    staff = browser.new_context().new_page()
    staff.goto(f"{live_server.url}/admin/login/")
    staff.get_by_label("Username").fill("programme.staff@ctps.example")
    staff.get_by_label("Password").fill("ctps-demo-2026")
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"{live_server.url}/admin/courses-reports/certificates/?status=all")
    code = url.rstrip("/").rsplit("/", 1)[-1]
    row = staff.locator("tr.certificate-row", has_text=code)
    row.get_by_role("link", name="Revoke").click()
    staff.get_by_label("Reason (kept for audit)").fill("Issued to the wrong person")
    staff.get_by_role("button", name="Revoke the certificate").click()
    expect(staff.locator("body")).to_contain_text(f"Certificate {code} revoked.")

    page.goto(url)
    expect(page.locator(".verify")).to_contain_text("Revoked")
