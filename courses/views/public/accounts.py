"""Public view of self-registration (sign-in and passwords use Django's views, see urls)."""

from django.shortcuts import render
from wagtail.models import Site

from ...forms import RegistrationForm
from ...models import CoursesSettings
from ...selectors.enrolment import trainee_contacts
from ...services.accounts import InvitationError, registration_request_create


def register(request):
    """Self-registration, when the site allows it; staff approve each request. Otherwise
    the page says how to ask the programme staff of one's country for an account."""
    site = Site.find_for_request(request)
    if not CoursesSettings.for_site(site).allow_self_registration:
        # Accounts are made by staff: say whom to ask, never a bare 404.
        return render(
            request,
            "courses/account/request_access.html",
            {"contacts": trainee_contacts(request.user)},
        )
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
