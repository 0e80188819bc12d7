"""Staff views: certificates (expiring, revoke), survey results and export, xAPI export."""

import json
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import XLSX
from tablib import Dataset

from . import certificates, surveys, xapi
from .models import Certificate, CoursePage
from .scoping import for_visible_users

VIEW_CERTIFICATES = "courses.view_certificate"
REVOKE_CERTIFICATES = "courses.change_certificate"
VIEW_SURVEYS = "courses.view_surveyresponse"
EXPORT_XAPI = "courses.view_xapistatement"
STATUSES = {
    "expiring": gettext_lazy("Expiring within 90 days"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
    "all": gettext_lazy("All"),
}


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def certificate_list(request):
    """Certificates to act on: by default those expiring within the renewal window."""
    _require(request, VIEW_CERTIFICATES)
    status = request.GET.get("status", "expiring")
    status = status if status in STATUSES else "expiring"
    qs = for_visible_users(request.user, Certificate.objects.select_related("user"))
    qs = {
        "expiring": lambda: qs.expiring(within_days=certificates.RENEWAL_WINDOW_DAYS),
        "expired": qs.expired,
        "revoked": qs.revoked,
        "all": lambda: qs,
    }[status]()
    order = "expires_at" if status in ("expiring", "expired") else "-issued_at"
    return TemplateResponse(
        request,
        "courses/admin/certificates.html",
        {
            "page_title": _("Certificates"),
            "header_icon": "tick-inverse",
            "certificates": qs.order_by(order)[:500],
            "status": status,
            "statuses": STATUSES.items(),
            "can_revoke": request.user.has_perm(REVOKE_CERTIFICATES),
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept for audit)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def certificate_revoke(request, pk: int):
    _require(request, REVOKE_CERTIFICATES)
    certificate = get_object_or_404(Certificate.objects.select_related("user"), pk=pk)
    if not for_visible_users(request.user, Certificate.objects.filter(pk=pk)).exists():
        raise PermissionDenied  # another country's trainee (courses.scoping)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_revoke(
                certificate=certificate,
                revoked_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except certificates.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Certificate %(code)s revoked.") % {"code": certificate.code_display},
            )
            return redirect(f"{_list_url()}?status=revoked")
    return TemplateResponse(
        request,
        "courses/admin/certificate_revoke.html",
        {
            "page_title": _("Revoke certificate %(code)s") % {"code": certificate.code_display},
            "header_icon": "warning",
            "certificate": certificate,
            "form": form,
        },
    )


def _list_url():
    from django.urls import reverse

    return reverse("courses_admin:certificates")


def survey_results(request, page_id: int):
    _require(request, VIEW_SURVEYS)
    course = get_object_or_404(CoursePage, pk=page_id)
    return TemplateResponse(
        request,
        "courses/admin/survey.html",
        {
            "page_title": _("Survey: %(title)s") % {"title": course.title},
            "header_icon": "comment",
            "course": course,
            "results": surveys.survey_results(course),
        },
    )


def survey_export(request, page_id: int):
    """Every answer as xlsx (no names: the survey is about the course, not the trainee)."""
    _require(request, VIEW_SURVEYS)
    from .models import SurveyResponse

    course = get_object_or_404(CoursePage, pk=page_id)
    data = Dataset(
        headers=[
            _("Submitted at"),
            _("Language"),
            _("Relevance"),
            _("Clarity"),
            _("Applicability to my job"),
            _("Comments"),
        ]
    )
    rows = (
        SurveyResponse.objects.filter(course_key=course.translation_key)
        .order_by("submitted_at")
        .values_list(
            "submitted_at",
            "course__locale__language_code",
            "relevance",
            "clarity",
            "applicability",
            "comment",
        )
    )
    for submitted, language, relevance, clarity, applicability, comment in rows:
        data.append(
            [
                timezone.localtime(submitted).replace(tzinfo=None),
                language,
                relevance,
                clarity,
                applicability,
                _spreadsheet_safe(comment),
            ]
        )
    response = HttpResponse(
        XLSX().export_data(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-survey.xlsx"'
    return response


def _spreadsheet_safe(text: str) -> str:
    """Free text typed by trainees must never run as a formula in Excel."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(
        label=gettext_lazy("To (inclusive)"), widget=forms.DateInput({"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data


def xapi_export(request):
    """Statements of a period as a JSON array, the shape an LRS accepts on POST."""
    _require(request, EXPORT_XAPI)
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        tz = timezone.get_current_timezone()
        start = datetime.combine(form.cleaned_data["start"], time.min, tzinfo=tz)
        end = datetime.combine(form.cleaned_data["end"] + timedelta(days=1), time.min, tzinfo=tz)
        statements = xapi.statements_export(start=start, end=end)
        body = json.dumps(statements, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"xapi-{form.cleaned_data['start']}-{form.cleaned_data['end']}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    today = date.today()
    return TemplateResponse(
        request,
        "courses/admin/xapi_export.html",
        {
            "page_title": _("Export learning records (xAPI)"),
            "header_icon": "download",
            "form": form if form.is_bound else PeriodForm(initial={"start": today, "end": today}),
            "unsent": xapi.XapiStatement.objects.unsent().count(),
        },
        status=400 if form.is_bound else 200,
    )
