"""Machinery of the access matrix: which URLs are ours, the roles, and what a response means.

The matrix itself (tests/security/test_access_matrix.py) lists every URL name our code serves
with the outcome expected for each role; a URL without an entry fails the coverage test.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets

OUR_PACKAGES = {"ctps", "ctps_common", "home", "courses", "capability"}

ROLES = ("anonymous", "trainee", "country_staff", "programme_staff", "manager")
ROLE_USERS = {
    "trainee": "trainee@ctps.example",
    "country_staff": "country.staff@ctps.example",
    "programme_staff": "programme.staff@ctps.example",
    "manager": "manager@ctps.example",
}

# Outcomes, as a user sees them.
OK = "ok"  # 200
LOGIN = "login"  # 302 to a sign-in page
DENIED = "denied"  # 403, or Wagtail's redirect to the admin dashboard with a message
NOT_FOUND = "not_found"  # 404: out of scope or unknown
REDIRECT = "redirect"  # 302 elsewhere (e.g. after a successful POST)
NOT_ALLOWED = "not_allowed"  # 405: wrong method


def outcome(response) -> str:
    status = response.status_code
    if status == 200:
        return OK
    if status in (301, 302):
        location = response["Location"]
        if "login" in location:
            return LOGIN
        if location.rstrip("/").endswith("/admin") or location.startswith("/admin/?"):
            return DENIED
        return REDIRECT
    return {403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, f"status {status}")


@dataclass
class Entry:
    """Expected outcome per role for one URL name; `kwargs` may depend on the demo data."""

    expect: dict[str, str]
    kwargs: object = None  # dict, or a function of the demo context returning a dict
    method: str = "get"
    data: object = None
    query: str = ""
    tags: set[str] = field(default_factory=set)

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        assert not missing, f"matrix entry lacks roles {missing}"


def _our_viewset_namespaces() -> set[str]:
    get_resolver().url_patterns  # noqa: B018 - registers the viewsets (the admin URLs are lazy)
    namespaces = set()
    for viewset in viewsets.viewsets:
        if not getattr(viewset, "name", None):
            continue
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            package = model.split(".")[0]
        elif model is not None:
            package = model._meta.app_config.name  # the Python package, not the app label
        else:
            package = type(viewset).__module__
        if package.split(".")[0] in OUR_PACKAGES:
            namespaces.add(viewset.url_namespace)
    return namespaces


def our_url_names() -> dict[str, str]:
    """Qualified name -> route of every URL pattern served by our code or our viewsets."""
    ours_by_namespace = _our_viewset_namespaces()
    found = {}

    def walk(patterns, prefix="", namespaces=()):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                module = getattr(view, "__module__", "")
                ours = module.split(".")[0] in OUR_PACKAGES or any(
                    ns in ours_by_namespace for ns in namespaces
                )
                if ours and pattern.name:
                    found[":".join((*namespaces, pattern.name))] = route

    walk(get_resolver().url_patterns)
    return found
