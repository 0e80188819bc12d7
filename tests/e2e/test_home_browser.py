import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_page_switches_to_french(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Protecting public spaces together")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()

    expect(page).to_have_url(f"{live_server.url}/fr/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Protéger ensemble les espaces publics"
    )
    expect(page.get_by_role("link", name="Aller au contenu principal")).to_be_attached()
