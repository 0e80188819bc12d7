"""Public views for certificates (download, verify, renew) and the reaction survey."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import certificates, surveys
from .models import Certificate, CoursePage, SurveyResponse
from .scoping import for_visible_users

REPORT_PERMISSION = "courses.view_course_reports"


@login_required
def certificate_download(request, pk: int):
    """The holder (or staff with the reports permission) downloads the PDF, rendered anew."""
    certificate = get_object_or_404(Certificate.objects.select_related("course"), pk=pk)
    if certificate.user_id != request.user.pk and not (
        request.user.has_perm("courses.view_certificate")
        and for_visible_users(request.user, Certificate.objects.filter(pk=pk)).exists()
    ):
        return TemplateResponse(
            request,
            "courses/forbidden.html",
            {"message": _("This certificate belongs to another trainee.")},
            status=403,
        )
    response = HttpResponse(certificates.certificate_pdf(certificate), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def _rate_limited(request) -> bool:
    """Count lookups per client address in the cache; True once over the limit."""
    limit, window = getattr(settings, "CERTIFICATE_VERIFY_RATE", (30, 600))
    key = f"courses:verify:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def verify(request, code: str = ""):
    """Answer valid / expired / revoked / unknown; malformed codes are simply unknown."""
    code = code or request.GET.get("code", "")
    if not code:
        return render(request, "courses/verify.html", {"asked": False})
    if _rate_limited(request):
        return render(request, "courses/verify.html", {"asked": False, "limited": True}, status=429)
    certificate = certificates.certificate_lookup(code)
    status = certificate.status() if certificate else "unknown"
    response = render(
        request,
        "courses/verify.html",
        {"asked": True, "status": status, "certificate": certificate},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def certificate_renew(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("course"), pk=pk)
    try:
        certificates.certificate_renewal_start(user=request.user, certificate=certificate)
    except certificates.CertificateError as error:
        messages.error(request, str(error))
        return redirect("courses:my_learning")
    messages.success(
        request,
        _("Renewal started: complete the lessons and the post-test again for a new certificate."),
    )
    return redirect(certificate.course.get_url(request=request) or "courses:my_learning")


@login_required
def survey(request, page_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    if SurveyResponse.objects.filter(user=request.user, course_key=course.translation_key).exists():
        messages.info(request, _("You have already answered the survey for this course."))
        return redirect(course.get_url(request=request))
    if not surveys.survey_open_for(user=request.user, course=course):
        messages.error(request, _("The survey opens when you have completed the course."))
        return redirect(course.get_url(request=request))
    form = surveys.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.survey_response_create(user=request.user, course=course, data=form.cleaned_data)
        except surveys.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your feedback."))
        return redirect(course.get_url(request=request))
    return render(
        request,
        "courses/survey.html",
        {"form": form, "course": course},
        status=400 if form.is_bound else 200,
    )
