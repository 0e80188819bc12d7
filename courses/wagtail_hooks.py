"""Registers the courses plugin in Wagtail: admin viewsets, site navigation, report URLs."""

from django.template.loader import render_to_string
from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .access import REPORT_PERMISSION
from .cache import cached
from .models import CourseIndexPage
from .viewsets import CoursesViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CoursesViewSetGroup()


@hooks.register("register_site_nav_item")
def courses_nav_item(request):
    def catalogue_url():
        index = CourseIndexPage.objects.live().filter(locale__language_code=get_language()).first()
        return index.get_url(request=request) if index else ""

    host = request.get_host() if request is not None else ""
    url = cached("catalogue-url", f"{get_language()}:{host}", catalogue_url)
    if not url:
        return None
    return {"label": _("Courses"), "url": url, "order": 20}


@hooks.register("register_site_nav_item")
def my_learning_nav_item(request):
    if request is None or not request.user.is_authenticated:
        return {"label": _("Sign in"), "url": reverse("courses:login"), "order": 90}
    return {"label": _("My learning"), "url": reverse("courses:my_learning"), "order": 30}


@hooks.register("register_site_nav_item")
def sign_out_nav_item(request):
    """Sign out on every public page (shared phones, cybercafés): a POST button."""
    if request is None or not request.user.is_authenticated:
        return None
    return {"label": _("Sign out"), "url": reverse("courses:logout"), "order": 95, "method": "post"}


@hooks.register("register_site_head_html")
def offline_head(request):
    """The web app manifest, the theme colour and the offline script (docs/OFFLINE.md)."""
    if request is None or request.path.startswith("/admin/"):
        return ""
    return render_to_string("courses/_offline_head.html", {"request": request})


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        gettext_lazy("Course reports"),
        reverse_lazy("courses_admin:index"),
        icon_name="doc-full-inverse",
        order=310,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("courses-reports/", include(admin_urls))]
