"""Staff views: enrol chosen people in a course (uploads: `courses.imports`), invite,
registration requests."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ctps_common.cache import batch

from ... import access
from ...forms import BulkEnrolForm, InviteForm
from ...models import CoursePage, RegistrationRequest
from ...selectors.enrolment import registration_requests
from ...services.accounts import InvitationError, registration_request_decide, user_invite
from ...services.enrolment import enrolments_bulk_create
from .base import require_permission, require_visible


def bulk_enrol(request, page_id: int):
    require_permission(request, access.ENROL_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    context = {
        "page_title": _("Enrol people: %(title)s") % {"title": course.title},
        "header_icon": "user",
        "course": course,
    }
    form = BulkEnrolForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["users"]
        if chosen:
            with batch():
                result = enrolments_bulk_create(
                    users=list(chosen), course=course, enrolled_by=request.user
                )
            messages.success(
                request,
                _("%(created)s enrolled, %(existing)s were already enrolled.") % result,
            )
            return redirect("courses_admin:report", page_id=course.pk)
        form.add_error(None, _("Choose people, or upload a spreadsheet."))
    context["form"] = form
    return TemplateResponse(request, "courses/admin/bulk_enrol.html", context)


def invite(request):
    require_permission(request, access.ENROL_PERMISSION)
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, created = user_invite(**form.cleaned_data, invited_by=request.user)
        except InvitationError as error:
            form.add_error(None, str(error))
            return _invite_page(request, form)
        if created:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        elif user.has_usable_password():
            messages.warning(
                request, _("%(email)s already has an account.") % {"email": user.email}
            )
        else:
            messages.success(
                request, _("Invitation sent again to %(email)s.") % {"email": user.email}
            )
        return redirect("courses_admin:invite")
    return _invite_page(request, form)


def _invite_page(request, form):
    return TemplateResponse(
        request,
        "courses/admin/form.html",
        {"page_title": _("Invite a trainee"), "header_icon": "mail", "form": form},
    )


def registrations(request):
    require_permission(request, access.ENROL_PERMISSION)
    if request.method == "POST":
        request_obj = get_object_or_404(RegistrationRequest, pk=request.POST.get("pk"))
        require_visible(request, RegistrationRequest, request_obj.pk)
        try:
            registration_request_decide(
                request_obj=request_obj,
                approve=request.POST.get("decision") == "approve",
                decided_by=request.user,
            )
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("courses_admin:registrations")
    return TemplateResponse(
        request,
        "courses/admin/registrations.html",
        {
            "page_title": _("Registration requests"),
            "header_icon": "user",
            **registration_requests(user=request.user),
        },
    )
