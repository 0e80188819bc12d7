"""The public results page in a real browser: light (<= 1.5 MB transferred, counted from
Playwright's own response sizes), no sideways scroll on a 360 px phone, no serious or
critical axe-core violation, legends clear of titles, and the same page in French at
/fr/results/, linked from the French navigation."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .axe import serious_violations

pytestmark = pytest.mark.browser

BUDGET = 1_500_000  # bytes transferred, everything the page loads
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as a script: the site's strict CSP (script-src 'self') would block it
    return {**browser_context_args, "bypass_csp": True}


def transferred(requests) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def wait_for_charts(page) -> None:
    figures = page.locator(".ctps-figure")
    count = figures.count()
    assert count >= 1
    expect(page.locator(".ctps-figure[data-drawn='true']")).to_have_count(count)


def overlaps(page) -> list[str]:
    """Legends that cover an axis title (the chart titles are captions, in the page)."""
    return page.evaluate(
        """() => {
        const hit = (a, b) => a.left < b.right && b.left < a.right
                           && a.top < b.bottom && b.top < a.bottom;
        const found = [];
        document.querySelectorAll('.ctps-figure').forEach((figure) => {
            const legend = figure.querySelector('.legend');
            if (!legend) return;
            const box = legend.getBoundingClientRect();
            figure.querySelectorAll('.xtitle, .ytitle, .g-xtitle, .g-ytitle').forEach((title) => {
                if (hit(box, title.getBoundingClientRect())) {
                    found.push(figure.id + ': ' + title.textContent);
                }
            });
        });
        return found;
    }"""
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_results_page_is_light_readable_on_a_phone_accessible_and_french(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.route(  # nothing may come from the internet
        lambda url: not url.startswith(live_server.url), lambda route: route.abort()
    )
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))

    page.goto(f"{live_server.url}/en/results/")
    wait_for_charts(page)
    page.wait_for_load_state("networkidle")
    total = transferred(requests)
    assert total <= BUDGET, f"{total:,} bytes transferred"
    bundle = next(request for request in requests if "plotly-basic.min.js" in request.url)
    assert bundle.sizes()["responseBodySize"] > 300_000  # the sizes count what came over
    assert not any(request.url.endswith("/plotly.min.js") for request in requests)
    assert page.locator(".ctps-figure .xtitle").count() >= 1  # what overlaps() looks at
    assert overlaps(page) == []
    assert serious_violations(page) == []

    page.set_viewport_size(PHONE)
    page.reload()
    wait_for_charts(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
    assert overlaps(page) == []
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/fr/")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Résultats").click()
    expect(page).to_have_url(f"{live_server.url}/fr/results/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats du programme")
    wait_for_charts(page)
    titles = page.locator(".ctps-figure-caption").all_text_contents()
    assert any("Sénégal" in title for title in titles), titles
    assert any("part de la cible atteinte" in title for title in titles), titles
    labels = page.locator(".ctps-figure .ytick text").all_text_contents()
    # (a label's lines come joined without spaces: the first one is enough)
    assert any(label.startswith("OO.1 · Personnes") for label in labels), labels
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
