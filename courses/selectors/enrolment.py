"""Reads of enrolments: a trainee's, what a bulk enrolment would do, registration requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from wagtail import hooks

from .. import access
from ..models import CoursePage, Enrolment, RegistrationRequest

DECIDED_SHOWN = 50


def enrolment_of(*, user_id: int, course_key) -> Enrolment | None:
    """The trainee's enrolment in a course (any language version), or None."""
    return Enrolment.objects.filter(user_id=user_id, course_key=course_key).first()


def is_enrolled(*, user_id: int, course_key) -> bool:
    return Enrolment.objects.filter(user_id=user_id, course_key=course_key).exists()


def trainee_contacts(user) -> list[dict]:
    """Whom a trainee (or a visitor, `user` anonymous) asks for help: `{"label", "email"}`
    from the plugins answering the hook `courses_contacts` (the register gives the
    programme contact of the trainee's country, or of every country to a visitor)."""
    contacts = []
    for fn in hooks.get_hooks("courses_contacts"):
        contacts.extend(fn(user) or [])
    return contacts


def bulk_enrol_preview(*, course: CoursePage, rows: list[dict], user) -> list[dict]:
    """What confirming would do, row by row: enrol, invite and enrol, skip, or an error.

    Rows come from `imports.EnrolmentResource` (each with its `country` code or
    `country_error`); an
    address whose account `user` may not see is refused without saying whose it is.
    """
    User = get_user_model()
    emails = {row["email"] for row in rows if row["email"]}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    visible = {
        email.lower()
        for email in access.visible_users(user, User.objects.filter(email__in=emails)).values_list(
            "email", flat=True
        )
    }
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
        elif email in users and email not in visible:
            action, ok, state = (
                _("An account outside your countries uses this address"),
                False,
                "hidden",
            )
        elif email in enrolled:
            action, ok, state = _("Already enrolled: skipped"), False, "enrolled"
        elif email in users:
            action, ok, state = _("Will be enrolled"), True, "enrol"
        elif row.get("country_error"):
            action, ok, state = row["country_error"], False, "country"
        else:
            action, ok = _("New account: will be invited by email and enrolled"), True
            state = "invite"
        seen.add(email)
        preview.append({**row, "action": action, "ok": ok, "state": state})
    return preview


def registration_requests(*, user) -> dict:
    """Requests of the accounts `user` may see: waiting for a decision, latest decided."""
    requests = access.for_visible_users(user, RegistrationRequest.objects.all())
    return {
        "pending": requests.filter(decided_at__isnull=True).select_related("user"),
        "decided": requests.filter(decided_at__isnull=False)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:DECIDED_SHOWN],
    }
