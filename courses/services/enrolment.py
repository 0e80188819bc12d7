"""Enrolment: by the trainee, by staff (chosen people or an uploaded list)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import access
from ..models import CoursePage, Enrolment
from ..xapi import statements
from .accounts import InvitationError, user_invite
from .errors import CourseError


@transaction.atomic
def enrolment_create(
    *, user, course: CoursePage, source: str = Enrolment.Source.SELF, enrolled_by=None
) -> tuple[Enrolment, bool]:
    """Enrol a user once per course, whatever the language version they enrol from."""
    existing = Enrolment.objects.filter(user=user, course_key=course.translation_key).first()
    if existing is not None:
        return existing, False
    refusal = access.enrolment_refusal(course=course, source=source)
    if refusal:
        raise CourseError(refusal)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                course_key=course.translation_key,
                source=source,
                enrolled_by=enrolled_by,
            )
    except IntegrityError:  # two clicks at once: the first one won
        return Enrolment.objects.get(user=user, course_key=course.translation_key), False
    statements.record_enrolled(enrolment=enrolment)
    return enrolment, True


@transaction.atomic
def enrolments_bulk_create(*, users, course: CoursePage, enrolled_by, source=None) -> dict:
    """Enrol many users; those already enrolled are counted, never duplicated."""
    source = source or Enrolment.Source.STAFF
    created = existing = 0
    for user in users:
        _enrolment, was_created = enrolment_create(
            user=user, course=course, source=source, enrolled_by=enrolled_by
        )
        created += was_created
        existing += not was_created
    return {"created": created, "existing": existing}


def enrolments_import(*, rows: list[dict], course: CoursePage, enrolled_by) -> dict:
    """Enrol the rows of a confirmed upload, inviting people who have no account yet (each
    with the row's `country`); accounts `enrolled_by` may not see are refused.

    Returns the counts (created, existing, invited) and the message of every row whose
    invitation was refused (`errors`), in row order.
    """
    User = get_user_model()
    visible = access.visible_users(enrolled_by)
    invited = 0
    errors = []
    users = []
    for row in rows:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is not None and not visible.filter(pk=user.pk).exists():
            errors.append(
                _("Line %(line)s: an account outside your countries uses this address.")
                % {"line": row.get("line", "?")}
            )
            continue
        if user is None:
            try:
                user, _created = user_invite(
                    email=row["email"],
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    country=row.get("country", ""),
                    invited_by=enrolled_by,
                )
            except InvitationError as error:
                errors.append(str(error))
                continue
            invited += 1
        users.append(user)
    result = enrolments_bulk_create(
        users=users, course=course, enrolled_by=enrolled_by, source=Enrolment.Source.IMPORT
    )
    return {**result, "invited": invited, "errors": errors}
