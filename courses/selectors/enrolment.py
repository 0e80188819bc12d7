"""Reads of enrolments: a trainee's, what a bulk enrolment would do, registration requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..models import CoursePage, Enrolment, RegistrationRequest

DECIDED_SHOWN = 50


def enrolment_of(*, user_id: int, course_key) -> Enrolment | None:
    """The trainee's enrolment in a course (any language version), or None."""
    return Enrolment.objects.filter(user_id=user_id, course_key=course_key).first()


def is_enrolled(*, user_id: int, course_key) -> bool:
    return Enrolment.objects.filter(user_id=user_id, course_key=course_key).exists()


def bulk_enrol_preview(*, course: CoursePage, rows: list[dict]) -> list[dict]:
    """What confirming would do, row by row: enrol, invite and enrol, skip, or an error."""
    User = get_user_model()
    emails = {row["email"] for row in rows if row["email"]}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    enrolled = {
        email.lower()
        for email in Enrolment.objects.filter(
            course_key=course.translation_key, user__email__in=emails
        ).values_list("user__email", flat=True)
    }
    seen = set()
    preview = []
    for row in rows:
        email = row["email"]
        if "@" not in email or "." not in email.split("@")[-1]:
            action, ok, state = _("Not an email address"), False, "invalid"
        elif email in seen:
            action, ok, state = _("Duplicate of an earlier row: merged"), False, "duplicate"
        elif email in enrolled:
            action, ok, state = _("Already enrolled: skipped"), False, "enrolled"
        elif email in users:
            action, ok, state = _("Will be enrolled"), True, "enrol"
        else:
            action, ok = _("New account: will be invited by email and enrolled"), True
            state = "invite"
        seen.add(email)
        preview.append({**row, "action": action, "ok": ok, "state": state})
    return preview


def registration_requests() -> dict:
    """Requests waiting for a decision, and the latest decided ones."""
    return {
        "pending": RegistrationRequest.objects.filter(decided_at__isnull=True).select_related(
            "user"
        ),
        "decided": RegistrationRequest.objects.filter(decided_at__isnull=False)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:DECIDED_SHOWN],
    }
