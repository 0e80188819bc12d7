"""No request leaves the site: every public page, and the main admin pages of each role, load
in a real Chromium without a single request to another host (no avatar service, no CDN, no
fonts or scripts from elsewhere). Requests to other hosts are recorded and blocked."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import Page

from ctps_common import roles

pytestmark = pytest.mark.browser

DEMO_LOGINS = {
    roles.TRAINEE: "trainee@ctps.example",
    roles.COUNTRY_STAFF: "country.staff@ctps.example",
    roles.PROGRAMME_STAFF: "programme.staff@ctps.example",
    roles.MANAGER: "manager@ctps.example",
}
# Public pages of the plugins, beside every live Wagtail page.
PUBLIC_PATHS = (
    "/{lang}/learning/login/",
    "/{lang}/learning/password-reset/",
    "/{lang}/learning/verify/",
    "/{lang}/learning/verify/AAAA-AAAA-AAAA-AAAA/",
)
TRAINEE_PATHS = ("/{lang}/learning/my/", "/{lang}/register/profile/")
STAFF_PATHS = ("/admin/", "/admin/account/", "/admin/account/two-factor/")


def public_paths() -> list[str]:
    pages = [page.get_url() for page in Page.objects.live().filter(depth__gt=1).specific()]
    extra = [path.format(lang=lang) for path in PUBLIC_PATHS for lang in ("en", "fr")]
    return sorted({url for url in pages if url} | set(extra))


def admin_menu_paths(user) -> list[str]:
    """The URLs of the admin menu as this user sees it, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    paths, items = [], list(admin_menu.menu_items_for_request(request))
    while items:
        item = items.pop()
        if isinstance(item, SubmenuMenuItem):
            items.extend(item.menu.menu_items_for_request(request))
        elif item.url.startswith("/"):
            paths.append(item.url)
    return sorted(set(paths))


class Visitor:
    """A browser context that records (and blocks) every request to another host."""

    def __init__(self, browser, base_url: str, session: str | None = None):
        self.host = urlsplit(base_url).netloc
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url)
        if session:
            self.context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
        self.outside: list[tuple[str, str]] = []
        self.visited = 0
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob") or urlsplit(url).netloc == self.host:
            route.continue_()
        else:
            self.outside.append((self.page.url, url))
            route.abort()

    def visit(self, path: str) -> None:
        response = self.page.goto(self.base_url + path, wait_until="networkidle")
        assert response is not None and response.status < 500, f"{path}: {response.status}"
        self.visited += 1

    def close(self):
        self.context.close()


def session_of(email: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_requests_another_host_for_any_role(live_server, browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    public = public_paths()
    assert len(public) > 10
    outside: dict[str, list] = {}

    anonymous = Visitor(browser, live_server.url)
    for path in public:
        anonymous.visit(path)
    outside["anonymous"] = anonymous.outside
    anonymous.close()

    for role, email in DEMO_LOGINS.items():
        user = get_user_model().objects.get(email=email)
        visitor = Visitor(browser, live_server.url, session_of(email))
        if role == roles.TRAINEE:
            paths = public + [p.format(lang=lang) for p in TRAINEE_PATHS for lang in ("en", "fr")]
        else:
            paths = sorted(set(STAFF_PATHS) | set(admin_menu_paths(user)))
            assert len(paths) > len(STAFF_PATHS), f"{role}: no admin menu"
        for path in paths:
            visitor.visit(path)
        outside[role] = visitor.outside
        assert visitor.visited == len(paths)
        visitor.close()

    # The recorder sees what a page loads from elsewhere (the avatar Wagtail would show).
    control = Visitor(browser, live_server.url, session_of(DEMO_LOGINS[roles.MANAGER]))
    control.visit("/admin/")
    control.page.evaluate(
        "fetch('https://www.gravatar.com/avatar/0', {mode: 'no-cors'}).catch(() => null)"
    )
    assert [url for _page, url in control.outside] == ["https://www.gravatar.com/avatar/0"]
    control.close()

    assert outside == {role: [] for role in outside}
