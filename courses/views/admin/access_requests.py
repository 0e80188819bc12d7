"""Staff views: approve or decline a registration request (its listing and inspect pages are
the viewset's, `courses.viewsets.RegistrationRequestViewSet`). A confirmation page, then
POST; only staff who enrol trainees, and only requests of their countries."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import access
from ...models import RegistrationRequest
from ...services.access_requests import access_request_approve, access_request_decline
from ...services.accounts import InvitationError, registration_request_decide
from .base import require_permission

INSPECT = "courses_registrationrequest:inspect"


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the requester)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _request_for(request, pk: int) -> RegistrationRequest:
    require_permission(request, access.ENROL_PERMISSION)
    queryset = RegistrationRequest.objects.select_related("course", "user", "decided_by")
    request_obj = get_object_or_404(queryset, pk=pk)
    if not access.visible_requests(request.user, queryset.filter(pk=pk)).exists():
        raise PermissionDenied  # another country's request
    return request_obj


def _page(request, request_obj, *, title: str, action: str, form=None, status=200):
    return TemplateResponse(
        request,
        "courses/admin/access_request_decide.html",
        {
            "page_title": title,
            "header_icon": "user",
            "request_obj": request_obj,
            "action": action,
            "form": form,
        },
        status=status,
    )


def request_approve(request, pk: int):
    request_obj = _request_for(request, pk)
    if request.method == "POST":
        try:
            if request_obj.course_id:
                access_request_approve(request_id=request_obj.pk, decided_by=request.user)
            else:
                registration_request_decide(
                    request_obj=request_obj, approve=True, decided_by=request.user
                )
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Approved: %(email)s can sign in.") % {"email": request_obj.requester_email},
            )
        return redirect(INSPECT, pk=request_obj.pk)
    return _page(request, request_obj, title=_("Approve a request"), action="approve")


def request_decline(request, pk: int):
    request_obj = _request_for(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request_obj.course_id:
                access_request_decline(
                    request_id=request_obj.pk,
                    decided_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            else:
                registration_request_decide(
                    request_obj=request_obj, approve=False, decided_by=request.user
                )
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Declined: the requester is told why."))
        return redirect(INSPECT, pk=request_obj.pk)
    return _page(
        request,
        request_obj,
        title=_("Decline a request"),
        action="decline",
        form=form,
        status=400 if form.is_bound else 200,
    )
