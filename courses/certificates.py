"""Certificates: issue once per completion, render the PDF on demand, verify, revoke, renew.

Why fpdf2 (see README): pure Python (no Cairo/Pango like WeasyPrint, no C extension like
ReportLab's accelerators), actively maintained, embeds and subsets TrueType fonts for every
accented name, and with a fixed creation date its output is byte-for-byte reproducible.
"""

from __future__ import annotations

import base64
import io
import re
import secrets
from decimal import Decimal
from pathlib import Path

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Certificate, CoursePage, Enrolment, LessonCompletion, QuizAttempt
from .models.learning import AttemptReset

FONTS = Path(__file__).resolve().parent / "fonts"
CODE_LENGTH = 16  # base32 characters = 80 random bits
CODE_PATTERN = re.compile(r"^[A-Z2-7]{16}$")
RENEWAL_WINDOW_DAYS = 90


class CertificateError(Exception):
    """A rule refused the action; the message is shown as is."""


def code_new() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode()


def code_normalise(raw: str) -> str | None:
    """Upper-case, drop spaces and dashes; None for anything that cannot be a code."""
    code = re.sub(r"[\s-]", "", (raw or "")[:64]).upper()
    return code if CODE_PATTERN.match(code) else None


def verify_url(certificate: Certificate) -> str:
    """Absolute verification URL, in the certificate's language, from a fixed base URL so
    the PDF (and its QR code) comes out the same whichever host serves it."""
    with translation.override(certificate.language):
        path = reverse("courses:verify_code", args=[certificate.code_display])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _months_later(moment, months: int):
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


@transaction.atomic
def certificate_issue(*, user, course: CoursePage, completed_at) -> Certificate:
    """Issue the certificate of one completion, once; later calls return the same row."""
    from . import xapi

    existing = Certificate.objects.filter(
        user=user, course_key=course.translation_key, completed_at=completed_at
    ).first()
    if existing is not None:
        return existing
    months = course.certificate_validity_months
    certificate = Certificate(
        user=user,
        course=course,
        course_key=course.translation_key,
        completed_at=completed_at,
        code=code_new(),
        holder_name=user.get_full_name() or user.email or user.get_username(),
        course_title=course.title,
        language=course.locale.language_code,
        hours=course.estimated_hours,
        competencies=course.competency_list(),
        issued_at=completed_at,
        expires_at=_months_later(completed_at, months) if months else None,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # issued concurrently: the first one stands
        return Certificate.objects.get(
            user=user, course_key=course.translation_key, completed_at=completed_at
        )
    xapi.record_certificate_issued(certificate=certificate, verify_url=verify_url(certificate))
    return certificate


def certificate_revoke(*, certificate: Certificate, revoked_by, reason: str) -> Certificate:
    """Revoke with a reason; who and when are kept for audit. Revocation is final."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for the revocation."))
    if certificate.revoked_at:
        raise CertificateError(_("This certificate is already revoked."))
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=revoked_by, revoke_reason=reason[:2000]
    )
    if not updated:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.refresh_from_db()
    return certificate


def renewal_due(certificate: Certificate, *, now=None) -> bool:
    """A trainee may renew within the window before expiry, or any time after it."""
    now = now or timezone.now()
    if certificate.revoked_at or certificate.expires_at is None:
        return False
    return certificate.expires_at <= now + timezone.timedelta(days=RENEWAL_WINDOW_DAYS)


@transaction.atomic
def certificate_renewal_start(*, user, certificate: Certificate) -> Enrolment:
    """Renewal means completing the course again: lessons and post-test start over.

    The old certificate stays valid until its own expiry; the next completion issues a new one.
    The passed post-test attempts are reset with an audited reason, so earlier scores remain.
    """
    if certificate.user_id != user.pk:
        raise CertificateError(_("This certificate belongs to someone else."))
    newest = (
        Certificate.objects.filter(user=user, course_key=certificate.course_key)
        .order_by("-completed_at")
        .first()
    )
    if newest.pk != certificate.pk or not renewal_due(certificate):
        raise CertificateError(_("This certificate cannot be renewed yet."))
    enrolment = Enrolment.objects.select_for_update().get(
        user=user, course_key=certificate.course_key
    )
    if enrolment.completed_at is None:
        return enrolment  # renewal already under way
    attempts = list(
        QuizAttempt.objects.filter(
            user=user, course_key=certificate.course_key, kind=QuizAttempt.Kind.POST
        ).exclude(status=QuizAttempt.Status.RESET)
    )
    for attempt in attempts:
        attempt.status = QuizAttempt.Status.RESET
    QuizAttempt.objects.bulk_update(attempts, ["status"])
    AttemptReset.objects.bulk_create(
        AttemptReset(attempt=a, reset_by=user, reason="Recertification") for a in attempts
    )
    LessonCompletion.objects.filter(user=user, course_key=certificate.course_key).delete()
    enrolment.completed_at = None
    enrolment.post_score = None
    enrolment.last_lesson = None
    enrolment.save(update_fields=["completed_at", "post_score", "last_lesson"])
    return enrolment


def certificate_lookup(raw_code: str) -> Certificate | None:
    code = code_normalise(raw_code)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


# --- PDF ---


class _CertificatePdf(FPDF):
    def file_id(self):
        return -1  # content-derived id: identical input gives an identical file


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes, entirely from the stored row (reproducible)."""
    url = verify_url(certificate)
    with translation.override(certificate.language):
        pdf = _CertificatePdf(orientation="landscape", format="A4")
        pdf.set_creation_date(certificate.issued_at)
        pdf.set_producer("CT Public Spaces Learning")
        pdf.set_title(_("Certificate of completion"))
        pdf.set_author("CT Public Spaces Learning")
        pdf.set_auto_page_break(False)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        pdf.set_draw_color(0, 51, 153)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, 277, 190)
        width = 257
        pdf.set_xy(20, 24)
        pdf.set_font("DejaVu", "B", 26)
        pdf.cell(width, 14, _("Certificate of completion"), align="C")
        pdf.set_xy(20, 46)
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(width, 8, _("This certifies that"), align="C")
        pdf.set_xy(20, 56)
        pdf.set_font("DejaVu", "B", 22)
        pdf.cell(width, 12, certificate.holder_name, align="C")
        pdf.set_xy(20, 72)
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(width, 8, _("has completed the course"), align="C")
        pdf.set_xy(20, 82)
        pdf.set_font("DejaVu", "B", 17)
        pdf.multi_cell(width, 9, certificate.course_title, align="C")
        pdf.set_font("DejaVu", "", 11)
        hours = Decimal(certificate.hours).normalize()
        lines = [
            _("Completed on %(date)s · %(hours)s hours of learning")
            % {"date": _date(certificate.completed_at), "hours": f"{hours:f}"},
        ]
        if certificate.expires_at:
            lines.append(_("Valid until %(date)s") % {"date": _date(certificate.expires_at)})
        if certificate.competencies:
            codes = ", ".join(
                _("%(code)s (level %(level)s)") % {"code": c["code"], "level": c["level"]}
                for c in certificate.competencies
            )
            lines.append(_("Competencies: %(list)s") % {"list": codes})
        pdf.set_xy(20, pdf.get_y() + 4)
        for line in lines:
            pdf.set_x(20)
            pdf.multi_cell(width, 7, line, align="C")
        # Verification block: QR code on the left, code and URL on the right.
        qr = io.BytesIO()
        segno.make(url, error="m").save(qr, kind="png", scale=6, border=2)
        qr.seek(0)
        pdf.image(qr, x=24, y=138, w=42, h=42)
        pdf.set_xy(72, 142)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(200, 7, _("Verification code: %(code)s") % {"code": certificate.code_display})
        pdf.set_xy(72, 150)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(200, 6, _("Check this certificate at:"))
        pdf.set_xy(72, 156)
        pdf.cell(200, 6, url, link=url)
        pdf.set_xy(72, 166)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(
            200,
            4,
            _(
                "Funded by the European Union. Views and opinions expressed are however those "
                "of the author(s) only and do not necessarily reflect those of the European "
                "Union or the Service for Foreign Policy Instruments (FPI). Neither the European "
                "Union nor the granting authority can be held responsible for them."
            ),
            align="L",
        )
        return bytes(pdf.output())
