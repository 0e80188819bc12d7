from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .accounts import AdminLogoutView
from .media import media_urlpatterns

urlpatterns = [
    path("admin/logout/", AdminLogoutView.as_view()),  # before Wagtail's: POST only
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

# The courses plugin's service worker lives at the root (its scope is the whole site).
if apps.is_installed("courses"):
    urlpatterns.append(path("", include("courses.root_urls")))

# Development serves image uploads from MEDIA_URL, never documents (ctps/media.py).
urlpatterns += media_urlpatterns()

# Public pages live under a language prefix (/en/, /fr/); Wagtail serves whatever is left.
# Each plugin is optional: the site runs with either one alone.
plugin_urls = [
    path(prefix, include(f"{app}.urls"))
    for app, prefix in (("courses", "learning/"), ("capability.register", "register/"))
    if apps.is_installed(app)
]
urlpatterns += i18n_patterns(
    *plugin_urls,
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
