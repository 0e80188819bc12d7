"""Which trainees' records a staff member may see, as decided by other plugins.

`courses` knows nothing of countries. A plugin that does (capability) registers a Wagtail hook
`courses_visible_users`, a function `fn(user, queryset)` returning the accounts of `queryset`
that `user` may see; every staff listing, report, export and user choice goes through it.
"""

from django.contrib.auth import get_user_model
from wagtail import hooks


def visible_users(user, queryset=None):
    """The accounts `user` may see (all of them when no plugin narrows them)."""
    if queryset is None:
        queryset = get_user_model()._default_manager.all()
    for narrow in hooks.get_hooks("courses_visible_users"):
        queryset = narrow(user, queryset)
    return queryset


def for_visible_users(user, queryset, field: str = "user"):
    """Rows of `queryset` whose `field` is an account `user` may see."""
    if not hooks.get_hooks("courses_visible_users"):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_users(user).values("pk")})
