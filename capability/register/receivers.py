"""Reactions to other plugins' events (connected in CapabilityConfig.ready)."""

from .models import Country, Person
from .models.choices import EvidenceSource
from .services import account_country_record, evidence_record


def record_account_country(sender, *, user, country: str, **kwargs):
    """A new trainee account's country (a code `courses` offered through the hook
    `courses_account_countries`): country staff see the account from now on."""
    record = Country.objects.filter(code=country).first()
    if record is None:
        raise ValueError(f"unknown country code {country!r}")
    account_country_record(user=user, country=record)


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
