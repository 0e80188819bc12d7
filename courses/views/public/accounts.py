"""Public view of self-registration (sign-in and passwords use Django's views, see urls)."""

from django.http import Http404
from django.shortcuts import render
from wagtail.models import Site

from ...forms import RegistrationForm
from ...models import CoursesSettings
from ...services.accounts import InvitationError, registration_request_create


def register(request):
    """Self-registration, when the site allows it; staff approve each request."""
    site = Site.find_for_request(request)
    if not CoursesSettings.for_site(site).allow_self_registration:
        raise Http404
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_request_create(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
                organisation=form.cleaned_data["organisation"],
                country=form.cleaned_data.get("country", ""),
            )
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            return render(request, "courses/account/register_done.html")
    return render(request, "courses/account/register.html", {"form": form})
