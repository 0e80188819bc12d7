"""Reads of certificates and of what a completion leaves for the trainee."""

from __future__ import annotations

import re

from .. import access
from ..models import Certificate, SurveyResponse

CODE_PATTERN = re.compile(r"^[A-Z2-7]{16}$")
STAFF_LIST_LIMIT = 500


def code_normalise(raw: str) -> str | None:
    """Upper-case, drop spaces and dashes; None for anything that cannot be a code."""
    code = re.sub(r"[\s-]", "", (raw or "")[:64]).upper()
    return code if CODE_PATTERN.match(code) else None


def certificate_lookup(raw_code: str) -> Certificate | None:
    code = code_normalise(raw_code)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


def my_certificates(*, user) -> list:
    """Every certificate of a user, newest first, each with `renewable` (one query)."""
    certificates = list(Certificate.objects.filter(user=user).order_by("-issued_at"))
    for certificate in certificates:
        certificate.renewable = access.renewal_due(certificate)
    return certificates


def completion_records(*, course, user) -> dict:
    """The trainee's latest certificate for a course and whether the survey awaits them
    (asked once the course is complete)."""
    return {
        "certificate": Certificate.objects.filter(user=user, course_key=course.translation_key)
        .order_by("-completed_at")
        .first(),
        "survey_open": access.survey_refusal(
            completed=True,
            answered=SurveyResponse.objects.filter(
                user=user, course_key=course.translation_key
            ).exists(),
        )
        is None,
    }


def certificates_for_staff(*, user, status: str):
    """Certificates of the trainees `user` may see: expiring (within the renewal window),
    expired, revoked or all; those to act on first."""
    qs = access.for_visible_users(user, Certificate.objects.select_related("user"))
    qs = {
        "expiring": lambda: qs.expiring(within_days=access.RENEWAL_WINDOW_DAYS),
        "expired": qs.expired,
        "revoked": qs.revoked,
        "all": lambda: qs,
    }[status]()
    order = "expires_at" if status in ("expiring", "expired") else "-issued_at"
    return qs.order_by(order)[:STAFF_LIST_LIMIT]
