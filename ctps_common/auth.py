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
