"""Certificates: issued once per completion, revoked with a reason, renewed by the trainee.

The PDF is rendered on every download from the row alone (`certificate_pdf`).
"""

from __future__ import annotations

import base64
import logging
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctps_common.tasks import task

from .. import access
from ..models import AttemptReset, Certificate, CoursePage, Enrolment, LessonCompletion, QuizAttempt
from ..xapi import statements

logger = logging.getLogger(__name__)

# At most this many reminders per run of the task (the next run takes the rest).
REMINDERS_PER_RUN = 500


class CertificateError(Exception):
    """A rule refused the action; the message is shown as is."""


def code_new() -> str:
    """16 base32 characters: 80 random bits."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def verify_url(certificate: Certificate) -> str:
    """Absolute verification URL, in the certificate's language, from a fixed base URL so
    the PDF (and its QR code) comes out the same whichever host serves it."""
    with translation.override(certificate.language):
        path = reverse("courses:verify_code", args=[certificate.code_display])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def months_later(moment, months: int):
    """The same day `months` later (the month's last day when it has fewer days)."""
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
        expires_at=months_later(completed_at, months) if months else None,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # issued concurrently: the first one stands
        return Certificate.objects.get(
            user=user, course_key=course.translation_key, completed_at=completed_at
        )
    statements.record_certificate_issued(
        certificate=certificate, verify_url=verify_url(certificate)
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, revoked_by, reason: str) -> Certificate:
    """Revoke with a reason; who and when are kept for audit. Revocation is final.

    The row is locked, then saved (never a bulk update): `post_save` tells every cache built
    on certificates (the results' dashboards) that one fewer is valid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for the revocation."))
    locked = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
    if locked is None or locked.revoked_at:
        raise CertificateError(_("This certificate is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    locked.revoke_reason = reason[:2000]
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_by = locked.revoked_by
    certificate.revoke_reason = locked.revoke_reason
    return certificate


@transaction.atomic
def certificate_renewal_start(*, user, certificate: Certificate) -> Enrolment:
    """Renewal means completing the course again: lessons and post-test start over.

    The old certificate stays valid until its own expiry; the next completion issues a new one.
    The passed post-test attempts are reset with an audited reason, so earlier scores remain.
    """
    if not access.owns(user, certificate):
        raise CertificateError(_("This certificate belongs to someone else."))
    newest = (
        Certificate.objects.filter(user=user, course_key=certificate.course_key)
        .order_by("-completed_at")
        .first()
    )
    if newest.pk != certificate.pk or not access.renewal_due(certificate):
        raise CertificateError(_("This certificate cannot be renewed yet."))
    enrolment = Enrolment.objects.select_for_update().get(
        user=user, course_key=certificate.course_key
    )
    if enrolment.completed_at is None:
        return enrolment  # renewal already under way
    attempts = list(
        QuizAttempt.objects.filter(
            user=user, course_key=certificate.course_key, kind=QuizAttempt.Kind.POST
        ).not_reset()
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


# --- expiry reminders (a periodic background task) ---


def reminder_days() -> int:
    return int(getattr(settings, "CERTIFICATE_REMINDER_DAYS", 30))


def certificate_reminder_send(*, certificate: Certificate) -> None:
    """The reminder email, in the certificate's language."""
    with translation.override(certificate.language or settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "my_learning_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("courses:my_learning"),
        }
        subject = render_to_string("courses/account/certificate_reminder_subject.txt", context)
        body = render_to_string("courses/account/certificate_reminder_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [certificate.user.email])


def certificates_remind(*, now=None) -> int:
    """Email each holder whose certificate expires within CERTIFICATE_REMINDER_DAYS, once.

    Once is the database's doing: a reminder is claimed by a conditional UPDATE of
    `reminder_sent_at` (from empty), so two workers never both send it; the email goes out
    after that UPDATE committed, outside any transaction, and a failed send gives the claim
    back for the next run. Certificates renewed since (a newer one for the same course) and
    holders without an email are skipped. Returns the number of emails sent.
    """
    now = now or timezone.now()
    due = Certificate.objects.reminder_due(within_days=reminder_days(), now=now)
    sent = 0
    for pk in list(due.exclude(user__email="").values_list("pk", flat=True)[:REMINDERS_PER_RUN]):
        claimed = Certificate.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue  # another worker has it
        certificate = Certificate.objects.select_related("user").get(pk=pk)
        try:
            certificate_reminder_send(certificate=certificate)
        except Exception:
            Certificate.objects.filter(pk=pk, reminder_sent_at=now).update(reminder_sent_at=None)
            logger.exception("Certificate %s: the expiry reminder could not be sent", pk)
            continue
        sent += 1
    return sent


@task()
def certificate_reminders_send() -> int:
    """Periodic background task: the expiry reminders that are due."""
    return certificates_remind()
