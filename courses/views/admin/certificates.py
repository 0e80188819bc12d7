"""Staff views: certificates to act on (expiring, expired, revoked), revocation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import access
from ...forms import RevokeForm
from ...models import Certificate
from ...selectors.certificates import certificates_for_staff
from ...services import certificates as certificate_services
from .base import require_permission, require_visible

STATUSES = {
    "expiring": gettext_lazy("Expiring within 90 days"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
    "all": gettext_lazy("All"),
}


def certificate_list(request):
    """Certificates to act on: by default those expiring within the renewal window."""
    require_permission(request, access.VIEW_CERTIFICATES)
    status = request.GET.get("status", "expiring")
    status = status if status in STATUSES else "expiring"
    return TemplateResponse(
        request,
        "courses/admin/certificates.html",
        {
            "page_title": _("Certificates"),
            "header_icon": "tick-inverse",
            "certificates": certificates_for_staff(user=request.user, status=status),
            "status": status,
            "statuses": STATUSES.items(),
            "can_revoke": request.user.has_perm(access.REVOKE_CERTIFICATES),
        },
    )


def certificate_revoke(request, pk: int):
    require_permission(request, access.REVOKE_CERTIFICATES)
    certificate = get_object_or_404(Certificate.objects.select_related("user"), pk=pk)
    require_visible(request, Certificate, pk)  # another country's trainee, for instance
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_services.certificate_revoke(
                certificate=certificate,
                revoked_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except certificate_services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Certificate %(code)s revoked.") % {"code": certificate.code_display},
            )
            return redirect(f"{reverse('courses_admin:certificates')}?status=revoked")
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
