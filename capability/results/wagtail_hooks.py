from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ctps_common.cache import page_tree


@hooks.register("register_admin_viewset")
def register_indicator_viewsets():
    from .indicators.viewsets import IndicatorViewSetGroup

    return IndicatorViewSetGroup()


@hooks.register("register_admin_viewset")
def register_release_viewset():
    from .releases.viewsets import ReleaseViewSet

    return ReleaseViewSet("capability_release")


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    from django.urls import include, path

    from .dashboards import urls

    return [path("indicators/dashboards/", include(urls, namespace="capability_dashboards"))]


@hooks.register("register_admin_menu_item")
def register_dashboards_menu_item():
    from wagtail.admin.menu import MenuItem

    class DashboardsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("capability_results.view_dashboards")

    return DashboardsMenuItem(
        _("Dashboards"),
        reverse("capability_dashboards:index"),
        name="capability-dashboards",
        icon_name="view",
        order=255,
    )


@hooks.register("register_site_nav_item")
def results_nav_item(request):
    """The public results page of the reader's language in the main navigation (hidden when
    that language has none)."""
    from .models import DashboardPage

    def results_url():
        page = DashboardPage.objects.live().public().filter(locale__language_code=get_language())
        page = page.first()
        return page.get_url(request=request) if page else ""

    host = request.get_host() if request is not None else ""
    url = page_tree.cached("results-url", f"{get_language()}:{host}", results_url)
    if not url:
        return None
    return {"label": _("Results"), "url": url, "order": 40}
