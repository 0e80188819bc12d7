"""A hand-counted world in a fresh country "ZZ" for the indicator tests, from factories.

People (p9 learns online only):
    p1 F police       p2 M police        p3 F private security   p4 M private security
    p5 M venue op.    p6 F police        p7 M (no organisation)  p8 F police (trainer only)
    p9 F (no organisation, online course "Zed course" of 2 hours completed: pre 40, post 70;
       one certificate issued 2025-10-01 and one revoked; reaction survey 5, 4, 3)
Workshops (hours, level):
    W1 table-top 2025-03-01 (12 h, 2): p1 40→60, p2 50→55, p3 30→45, p4 no scores; p8 trainer
    W2 trainer-of-trainers 2025-04-01..05 (30 h, 3): p6 60→80 certified, p7 70→75 not certified
    W3 awareness seminar 2025-09-01 (6 h, 1): trainer p6; p5 20→50, p1 no scores
    W4 workshop 2023-06-01 (outside the programme period): p2
Evidence (competency ZZ-1): p1 level 2, p3 level 1, p6 level 3.
Deliverables: D1 SOP adopted 2025-05-01; D2 stadium risk assessment validated 2025-06-01;
    D3 port risk assessment draft; D4 airport risk assessment validated 2025-12-01, adopted
    2026-01-10.
Follow-ups: p1 applies, p2 does not, p3 applies.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from capability.register.models import Country
from tests.factories.accounts import UserFactory
from tests.factories.register import (
    AttendanceFactory,
    CompetencyEvidenceFactory,
    CompetencyFactory,
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    WorkshopFactory,
)
from tests.factories.results import DeliverableFactory, FollowUpFactory

D = datetime.date


@dataclass
class World:
    country: Country
    people: dict
    workshops: dict
    course: object


def build_world() -> World:
    """The hand-counted world; its figures count p9's online learning, so it needs courses
    (without the plugin, tests/capability/results/test_without_courses.py counts instead)."""
    if not apps.is_installed("courses"):
        pytest.skip("the hand-counted world includes online learning (the courses plugin)")
    from tests.factories.courses import (
        CertificateFactory,
        CoursePageFactory,
        EnrolmentFactory,
        SurveyResponseFactory,
    )

    country = CountryFactory(code="ZZ", name="Zedland")
    police = OrganisationFactory(name="Zed Police", country=country, type="police")
    guards = OrganisationFactory(name="Zed Guards", country=country, type="private_security")
    venue = OrganisationFactory(name="Zed Arena", country=country, type="venue_operator")
    spec = {
        "p1": ("F", police), "p2": ("M", police), "p3": ("F", guards), "p4": ("M", guards),
        "p5": ("M", venue), "p6": ("F", police), "p7": ("M", None), "p8": ("F", police),
        "p9": ("F", None),
    }  # fmt: skip
    people = {
        key: PersonFactory(
            given_name=key, family_name="Zedson", sex=sex, country=country, organisation=org
        )
        for key, (sex, org) in spec.items()
    }

    def workshop(code, kind, start, end, hours, level):
        return WorkshopFactory(
            code=code, title=code, kind=kind, result_area="01", target_type="", country=country,
            city="", venue="", start_date=start, end_date=end, hours=Decimal(hours),
            competency_level=level,
        )  # fmt: skip

    workshops = {
        "W1": workshop("zz-w1", "table_top", D(2025, 3, 1), D(2025, 3, 2), 12, 2),
        "W2": workshop("zz-w2", "training_course", D(2025, 4, 1), D(2025, 4, 5), 30, 3),
        "W3": workshop("zz-w3", "awareness_seminar", D(2025, 9, 1), D(2025, 9, 1), 6, 1),
        "W4": workshop("zz-w4", "workshop", D(2023, 6, 1), D(2023, 6, 1), 8, 1),
    }

    def attend(person, code, pre=None, post=None, role="participant", certified=False):
        AttendanceFactory(
            person=people[person], workshop=workshops[code], role=role, certified=certified,
            days_attended=None,
            pre_test_score=None if pre is None else Decimal(pre),
            post_test_score=None if post is None else Decimal(post),
        )  # fmt: skip

    attend("p1", "W1", 40, 60)
    attend("p2", "W1", 50, 55)
    attend("p3", "W1", 30, 45)
    attend("p4", "W1")
    attend("p8", "W1", role="trainer")
    attend("p6", "W2", 60, 80, certified=True)
    attend("p7", "W2", 70, 75)
    attend("p6", "W3", role="trainer")
    attend("p5", "W3", 20, 50)
    attend("p1", "W3")
    attend("p2", "W4")

    competency = CompetencyFactory(code="ZZ-1")
    for person, level in (("p1", 2), ("p3", 1), ("p6", 3)):
        CompetencyEvidenceFactory(
            person=people[person], competency=competency, level=level, source="workshop",
            date=D(2025, 4, 5),
        )  # fmt: skip

    DeliverableFactory(
        kind="sop", title="D1", country=country, status="adopted",
        validated_on=D(2025, 4, 1), adopted_on=D(2025, 5, 1),
    )  # fmt: skip
    DeliverableFactory(
        kind="risk_assessment", venue_type="stadium", title="D2", country=country,
        status="validated", validated_on=D(2025, 6, 1),
    )  # fmt: skip
    DeliverableFactory(
        kind="risk_assessment", venue_type="port", title="D3", country=country, status="draft"
    )
    DeliverableFactory(
        kind="risk_assessment", venue_type="airport", title="D4", country=country,
        status="adopted", validated_on=D(2025, 12, 1), adopted_on=D(2026, 1, 10),
    )  # fmt: skip

    for person, applies in (("p1", True), ("p2", False), ("p3", True)):
        FollowUpFactory(
            person=people[person], workshop=workshops["W1"], date=D(2025, 7, 1),
            applies_learning=applies, method="interview",
        )  # fmt: skip

    user = UserFactory(email="p9@zz.example", first_name="p9", last_name="Zedson")
    people["p9"].user = user
    people["p9"].save()
    course = CoursePageFactory(title="Zed course", slug="zed-course", estimated_hours=2)
    EnrolmentFactory(
        user=user, course=course, pre_score=Decimal(40), post_score=Decimal(70),
        matched_forms=True,  # other questions on the same competencies: a real gain
        completed_at=timezone.make_aware(datetime.datetime(2025, 10, 1, 12)),
    )  # fmt: skip
    # enrolled_at is auto_now_add: pin it so that the test does not depend on today's date
    course.enrolments.filter(user=user).update(
        enrolled_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 12))
    )
    issued = timezone.make_aware(datetime.datetime(2025, 10, 1, 12))
    for number, revoked in ((1, None), (2, issued)):
        CertificateFactory(
            user=user, course=course, completed_at=issued - datetime.timedelta(days=number),
            holder_name="p9 Zedson", hours=Decimal(2), issued_at=issued, revoked_at=revoked,
            revoke_reason="Issued in error" if revoked else "",
        )  # fmt: skip
    SurveyResponseFactory(user=user, course=course, relevance=5, clarity=4, applicability=3)
    course.survey_responses.filter(user=user).update(submitted_at=issued)
    return World(country, people, workshops, course)
