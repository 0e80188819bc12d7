"""Reactions to other plugins' events (connected in CapabilityConfig.ready)."""

from .models import Person
from .models.choices import EvidenceSource
from .services import evidence_record


def record_course_completion(sender, *, user, course, completed_at, competencies, **kwargs):
    """Record online-course evidence for the person linked to `user`, if there is one.

    Users who never filled the register profile have no Person: nothing is recorded (the
    `courses_before_enrol` hook makes that rare).
    """
    person = Person.objects.filter(user=user).first()
    if person is None or not competencies:
        return
    evidence_record(
        person=person,
        competencies=competencies,
        source=EvidenceSource.ONLINE_COURSE,
        date=completed_at.date(),
        course=course,
    )
