from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


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
