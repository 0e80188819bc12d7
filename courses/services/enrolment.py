"""Enrolment: by the trainee, by staff (chosen people or an uploaded list)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .. import access
from ..models import CoursePage, Enrolment
from ..xapi import statements
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
