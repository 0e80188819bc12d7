"""Sign-in with an email address: an authentication backend any site of ours may list.

Sign-in belongs to the project (its AUTHENTICATION_BACKENDS and LOGIN_URL), not to a plugin,
so that a site without the courses plugin signs people in the same way.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate with the email address (case-insensitive) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        user = (
            User._default_manager.filter(email__iexact=username.strip()).order_by("pk").first()
            or User._default_manager.filter(username=username).first()
        )
        if user is None:
            User().set_password(password)  # same time as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def normalised_login(request, credentials=None) -> str:
    """The sign-in name as throttling counts it: trimmed and lower-cased, so that every
    letter-case spelling of one e-mail address shares one failure count and one lockout
    (AXES_USERNAME_CALLABLE; the backend above matches e-mail addresses the same way).

    The name typed in the sign-in form comes first: after a success django-axes passes the
    account's username instead, and the count to reset is the one of the name typed.
    """
    posted = getattr(request, "POST", None) if request is not None else None
    value = posted.get("username") if posted else None
    if value is None:
        value = (credentials or {}).get("username")
    return (value or "").strip().lower()
