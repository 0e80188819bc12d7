"""Signing out of the admin takes a POST: a link or image on any site must not sign staff out."""

from django.http import HttpResponseNotAllowed
from wagtail.admin.views.account import LogoutView


class AdminLogoutView(LogoutView):
    """Wagtail's logout, for POST only.

    Wagtail's view deletes the session cookie in `dispatch`, before Django's method check
    answers 405 to a GET; so a GET (or OPTIONS) would sign the user out all the same. Here any
    other method is refused before anything happens.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)
