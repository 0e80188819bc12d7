"""What the benchmark measures. Each plugin's pages join the list as they land."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import Locale, Page

FLOOR = "bare Wagtail page (floor)"
SIGNED_IN_FLOOR = "bare Wagtail page (trainee)"
COLD = " (cold)"  # suffix of the dashboard targets computed afresh on every request


@dataclass
class Target:
    name: str
    path: str
    user: object = None
    budgeted: bool = False  # held to the page budget (ratio to the floor, query count)
    floor_sql: Callable | None = None  # dashboards: the raw SQL aggregates they show
    floor: str = FLOOR  # the target whose time is this one's 1.0
    before: Callable | None = None  # run before every request (cold dashboards: drop a cache)

    def request(self, client):
        if self.before is not None:
            self.before()
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
        Target(FLOOR, floor.get_url()),
        Target("home page", "/en/"),
        Target(
            "admin dashboard",
            "/admin/",
            user=users.get(username="programme.staff@ctps.example"),
        ),
    ]
    targets.extend(course_targets())
    targets.extend(capability_targets())
    return targets


def course_targets() -> list[Target]:
    """Course and lesson pages (budgeted), "My learning" for a trainee with 20 enrolments."""
    try:
        from courses.models import CoursePage
        from courses.synthetic import course_slug
        from home.synthetic import trainee_email
    except ImportError:
        return []
    course = CoursePage.objects.filter(slug=course_slug(1)).first()
    if course is None:  # no synthetic data in this database
        return []
    trainee = get_user_model().objects.get(username=trainee_email(0))
    lesson = course.get_children().order_by("path")[1]
    signed_in = {"user": trainee, "floor": SIGNED_IN_FLOOR}
    return [
        # A signed-in page is held to the bare page served to the same signed-in user: the
        # session and user lookups every signed-in request pays are not the page's cost.
        Target(SIGNED_IN_FLOOR, bare_page().url, **signed_in),
        Target("course page (visitor)", course.url, budgeted=True),
        Target("course page (trainee)", course.url, budgeted=True, **signed_in),
        Target("lesson page (trainee)", lesson.url, budgeted=True, **signed_in),
        Target("my learning (20 enrolments)", "/en/learning/my/", **signed_in),
    ]


def capability_targets() -> list[Target]:
    """The staff person list: the capability register's biggest admin listing."""
    try:
        from django.urls import NoReverseMatch, reverse

        url = reverse("capability_person:index")
    except NoReverseMatch:  # the capability register is not installed
        return []
    staff = get_user_model().objects.get(username="programme.staff@ctps.example")
    return [Target("staff person list", url, user=staff)]


def dashboard_targets() -> list[Target]:
    """Two targets per indicator dashboard (issue 6), as the programme manager sees it.

    "dashboard <slug>" is the page users get: its aggregates served from the indicators
    cache (invalidated when the data changes). "dashboard <slug> (cold)" drops that one cache
    entry before every request, so the page computes its aggregates each time. Both are held
    to the same floor (`floor_sql`): the dashboard's figures computed by hand-written SQL for
    the manager's scope (bench/floors.py), with nothing rendered.
    """
    from django.apps import apps

    if not apps.is_installed("capability.results"):
        return []
    try:
        from django.urls import NoReverseMatch, reverse

        from capability.results.dashboards import DASHBOARDS
        from capability.results.indicators.cache import cache_key
        from capability.results.indicators.queries import scope_for
    except ImportError:
        return []
    from floors import FLOORS, floor  # bench/, next to this module

    manager = get_user_model().objects.filter(username="manager@ctps.example").first()
    if manager is None:
        return []
    scope = scope_for(manager)
    targets = []
    for slug in DASHBOARDS:
        try:
            url = reverse("capability_dashboards:dashboard", args=[slug])
        except NoReverseMatch:
            continue
        if slug not in FLOORS:
            raise SystemExit(f"dashboard {slug} has no raw-SQL floor in bench/floors.py")

        def floor_sql(slug=slug):
            return floor(slug)

        def forget(slug=slug):
            cache.delete(cache_key(slug, scope.key()))

        targets.append(Target(f"dashboard {slug}", url, user=manager, floor_sql=floor_sql))
        targets.append(
            Target(f"dashboard {slug}{COLD}", url, user=manager, floor_sql=floor_sql, before=forget)
        )
    return targets


def import_benchmark() -> dict | None:
    """The 10,000-row attendance import through the admin, against its floor (importbench)."""
    try:
        import importbench
    except ImportError:
        return None
    return importbench.run()
