"""What the benchmark measures. Each plugin's pages join the list as they land."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page


@dataclass
class Target:
    name: str
    path: str
    user: object = None
    budgeted: bool = False  # held to the page budget (ratio to the floor, query count)
    floor_sql: Callable | None = None  # dashboards: the raw SQL aggregates they show

    def request(self, client):
        return client.get(self.path)


def bare_page() -> Page:
    """A plain Wagtail page rendered with an empty template: the floor of every page."""
    home = Page.objects.get(depth=2, locale=Locale.objects.get(language_code="en"))
    existing = home.get_children().filter(slug="bench-floor").first()
    if existing:
        return existing
    page = Page(title="Bench floor", slug="bench-floor")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def page_targets() -> list[Target]:
    floor = bare_page()
    users = get_user_model().objects
    targets = [
        Target("bare Wagtail page (floor)", floor.get_url()),
        Target("home page", "/en/"),
        Target(
            "admin dashboard",
            "/admin/",
            user=users.get(username="programme.staff@ctps.example"),
        ),
    ]
    return targets


def dashboard_targets() -> list[Target]:
    return []


def import_benchmark() -> dict | None:
    return None
