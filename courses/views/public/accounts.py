"""Public views of accounts: self-registration, or a request for access to a course when
staff make the accounts (sign-in and passwords use Django's views, see urls)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from ctps_common.client_ip import client_ip

from ...forms import AccessRequestForm, RegistrationForm
from ...models import CoursePage, CoursesSettings
from ...selectors.enrolment import trainee_contacts
from ...services.access_requests import access_request_create
from ...services.accounts import InvitationError, registration_request_create


def register(request):
    """Self-registration, when the site allows it; staff approve each request. Otherwise
    the request-access form: staff of the requester's country make the account."""
    site = Site.find_for_request(request)
    if not CoursesSettings.for_site(site).allow_self_registration:
        return request_access(request)
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


def _over_limit(request) -> bool:
    """Count requests per client address in the cache; True once over the limit."""
    limit, window = getattr(settings, "COURSES_ACCESS_REQUEST_RATE", (5, 3600))
    key = f"courses:access-request:{client_ip(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def _initial(request) -> dict:
    initial = {"course": request.GET.get("course") or None}
    user = request.user
    if user.is_authenticated:
        initial.update(first_name=user.first_name, last_name=user.last_name, email=user.email)
    return initial


def request_access(request):
    """Ask for access to a course: staff of the requester's country approve (an account and
    the enrolment) or decline. Asking twice merges; robots (the honeypot) and floods (a
    limit per address) are turned away, a person keeping what they typed."""
    live = CoursePage.objects.live()
    here = live.filter(locale__language_code=get_language())
    # The page's language version of each course, and courses not translated into it.
    courses = live.filter(
        Q(pk__in=here.values("pk")) | ~Q(translation_key__in=here.values("translation_key"))
    ).order_by("title")
    form = AccessRequestForm(request.POST or None, courses=courses, initial=_initial(request))
    context = {"form": form, "contacts": trainee_contacts(request.user)}
    if request.method != "POST":
        return render(request, "courses/account/request_access.html", context)
    if form.is_spam:  # a robot: answer as if done, store nothing
        return render(request, "courses/account/request_access_done.html")
    if _over_limit(request):
        form.is_valid()
        form.add_error(None, _("Too many requests from your connection: try again in an hour."))
        return render(request, "courses/account/request_access.html", context, status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            access_request_create(
                course=data["course"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                country=data.get("country", ""),
                organisation=data["organisation"],
                message=data["message"],
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request, "courses/account/request_access_done.html", {"course": data["course"]}
            )
    return render(request, "courses/account/request_access.html", context, status=400)
