"""xAPI 1.0.3 statements: how each learning event is described, and its row in the outbox.

Every learning event writes one `XapiStatement` row in the same transaction as the event
(the services call one `record_*` function per event), so a statement exists exactly when
the event does. `sending` delivers them to the LRS later.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from ..models import XapiStatement

XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "registered": ADL + "registered",
    "completed": ADL + "completed",
    "attempted": ADL + "attempted",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    # ADL's vocabulary: "the actor has fulfilled the criteria of the object" (cmi5 uses it
    # for course requirements); here the object is the certificate.
    "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "certificate": "http://id.tincanapi.com/activitytype/certificate",
}


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _actor(user) -> dict:
    """An account (no personal data leaves) unless XAPI_ACTOR = "mbox" asks for the email."""
    if getattr(settings, "XAPI_ACTOR", "account") == "mbox" and user.email:
        return {"objectType": "Agent", "mbox": f"mailto:{user.email.lower()}"}
    return {
        "objectType": "Agent",
        "account": {"homePage": _base_url() + "/", "name": str(user.pk)},
    }


def page_iri(page) -> str:
    """A stable IRI from the page's own URL (the language version the trainee used)."""
    url = page.get_url()
    if url and url.startswith("http"):
        return url
    return _base_url() + (url or f"/pages/{page.pk}/")


def _activity(iri: str, kind: str, title: str, language: str) -> dict:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": ACTIVITY_TYPES[kind], "name": {language: title}},
    }


def _language(course) -> str:
    return course.locale.language_code


def statement_build(
    *,
    user,
    verb: str,
    course,
    obj: dict | None = None,
    result: dict | None = None,
    timestamp: datetime | None = None,
) -> dict:
    """One complete statement; `obj` defaults to the course itself."""
    language = _language(course)
    course_activity = _activity(page_iri(course), "course", course.title, language)
    statement = {
        "id": str(uuid.uuid4()),
        "version": XAPI_VERSION,
        "actor": _actor(user),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj or course_activity,
        "context": {
            "platform": "CT Public Spaces Learning",
            "language": language,
        },
        "timestamp": (timestamp or timezone.now()).isoformat(),
    }
    if obj is not None:
        statement["context"]["contextActivities"] = {"parent": [course_activity]}
    if result is not None:
        statement["result"] = result
    return statement


def statement_record(**kwargs) -> XapiStatement:
    """Build and store a statement in the caller's transaction."""
    statement = statement_build(**kwargs)
    return XapiStatement.objects.create(
        id=statement["id"],
        user=kwargs["user"],
        verb=statement["verb"]["id"],
        statement=statement,
        timestamp=datetime.fromisoformat(statement["timestamp"]),
    )


# --- one function per learning event (called by services) ---


def record_enrolled(*, enrolment) -> XapiStatement:
    return statement_record(
        user=enrolment.user, verb="registered", course=enrolment.course, timestamp=None
    )


def record_lesson_completed(*, user, lesson, course) -> XapiStatement:
    obj = _activity(page_iri(lesson), "lesson", lesson.title, _language(course))
    return statement_record(
        user=user, verb="completed", course=course, obj=obj, result={"completion": True}
    )


def _quiz_activity(attempt, course) -> dict:
    with translation.override(_language(course)):
        path = reverse("courses:attempt_start", args=[course.pk, attempt.kind])
    return _activity(_base_url() + path, "assessment", attempt.quiz.title, _language(course))


def record_attempt_started(*, attempt, course) -> XapiStatement:
    return statement_record(
        user=attempt.user, verb="attempted", course=course, obj=_quiz_activity(attempt, course)
    )


def record_attempt_graded(*, attempt, course) -> XapiStatement:
    score = float(attempt.score or 0)
    return statement_record(
        user=attempt.user,
        verb="passed" if attempt.passed else "failed",
        course=course,
        obj=_quiz_activity(attempt, course),
        result={
            "score": {"scaled": round(score / 100, 4), "raw": score, "min": 0, "max": 100},
            "success": bool(attempt.passed),
            "completion": True,
        },
    )


def record_course_completed(*, user, course, completed_at) -> XapiStatement:
    return statement_record(
        user=user,
        verb="completed",
        course=course,
        result={"completion": True, "success": True},
        timestamp=completed_at,
    )


def record_certificate_issued(*, certificate, verify_url: str) -> XapiStatement:
    course = certificate.course
    obj = _activity(
        verify_url, "certificate", certificate.course_title, certificate.language or "en"
    )
    return statement_record(
        user=certificate.user,
        verb="satisfied",
        course=course,
        obj=obj,
        timestamp=certificate.issued_at,
    )
