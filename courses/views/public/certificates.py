"""Public views of certificates: download (PDF), verification, renewal."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctps_common.client_ip import client_ip

from ... import access
from ...models import Certificate
from ...selectors.certificates import certificate_lookup
from ...services.certificate_pdf import certificate_pdf
from ...services.certificates import CertificateError, certificate_renewal_start
from .base import forbidden


@login_required
def certificate_download(request, pk: int):
    """The holder (or staff allowed to see the trainee) downloads the PDF, rendered anew."""
    certificate = get_object_or_404(Certificate.objects.select_related("course"), pk=pk)
    if not access.may_download_certificate(request.user, certificate):
        return forbidden(request, _("This certificate belongs to another trainee."))
    if certificate.holder_erased_at:
        return forbidden(
            request,
            _("The holder’s personal data was erased: this certificate can no longer be made."),
        )
    response = HttpResponse(certificate_pdf(certificate), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def _rate_limited(request) -> bool:
    """Count lookups per client address in the cache; True once over the limit."""
    limit, window = getattr(settings, "CERTIFICATE_VERIFY_RATE", (30, 600))
    key = f"courses:verify:{client_ip(request)}"
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
    certificate = certificate_lookup(code)
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
        certificate_renewal_start(user=request.user, certificate=certificate)
    except CertificateError as error:
        messages.error(request, str(error))
        return redirect("courses:my_learning")
    messages.success(
        request,
        _("Renewal started: complete the lessons and the post-test again for a new certificate."),
    )
    return redirect(certificate.course.get_url(request=request) or "courses:my_learning")
