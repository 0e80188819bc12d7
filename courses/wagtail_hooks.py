"""Registers the courses plugin in Wagtail: admin viewsets, site navigation, report URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CoursesViewSetGroup, QuestionViewSet


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CoursesViewSetGroup()


register_snippet(QuestionViewSet)


@hooks.register("register_site_nav_item")
def courses_nav_item(request):
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.live().filter(locale__language_code=_lang()).first()
    if index is None:
        return None
    return {"label": _("Courses"), "url": index.get_url(request=request), "order": 20}


@hooks.register("register_site_nav_item")
def my_learning_nav_item(request):
    if request is None or not request.user.is_authenticated:
        return {"label": _("Sign in"), "url": reverse("courses:login"), "order": 90}
    return {"label": _("My learning"), "url": reverse("courses:my_learning"), "order": 30}


def _lang():
    from django.utils.translation import get_language

    return get_language()


@hooks.register("register_admin_urls")
def register_admin_urls():
    from . import admin_urls

    return [path("courses-reports/", include(admin_urls))]
