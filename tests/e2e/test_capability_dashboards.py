import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_filters_the_dashboard_and_downloads_the_numbers(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    scripts = []
    page.on(
        "response",
        lambda response: (
            scripts.append((response.url, response.status))
            if response.url.endswith(".js")
            else None
        ),
    )
    page.route(  # nothing may come from the internet
        lambda url: not url.startswith(live_server.url), lambda route: route.abort()
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("manager@ctps.example")
    page.get_by_label("Password").fill("ctps-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Dashboards").click()

    charts = page.locator(".ctps-figure[data-drawn='true'] .main-svg")
    expect(charts.first).to_be_visible()
    assert page.locator(".ctps-figure").count() == 4  # programme + three countries
    assert any(
        url.startswith(live_server.url)
        and url.endswith("capability/vendor/plotly.min.js")
        and status == 200
        for url, status in scripts
    ), scripts
    expect(page.locator(".ctps-figure-caption").nth(1)).to_contain_text("Ghana")

    page.get_by_label("Country").select_option("KE")
    page.wait_for_url("**country=KE**")
    expect(page.locator(".ctps-figure[data-drawn='true']")).to_have_count(2)
    expect(page.locator(".ctps-figure-caption").nth(1)).to_contain_text("Kenya")
    expect(page.locator(".ctps-figure-caption").nth(0)).to_contain_text("Programme")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[4]]
    assert any("Kenya" in str(header) for header in headers)
    assert not any("Ghana" in str(header) for header in headers)
