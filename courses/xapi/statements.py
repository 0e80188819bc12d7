"""xAPI 1.0.3 statements: how each learning event is described, and its row in the outbox.

Every learning event writes one `XapiStatement` row in the same transaction as the event
(the services call one `record_*` function per event), so a statement exists exactly when
the event does; once that transaction commits, the forwarding task is enqueued (`sending`).

What a strict LRS requires of each statement (xAPI 1.0.3, Data §2.4):
- `timestamp`: when the event happened (the row's own time: enrolment, completion, attempt
  start or submission, issue), never when the statement was built or sent;
- `context.registration`: the enrolment's UUID (`Enrolment.registration`), the same for
  every statement of one trainee in one course;
- `context.contextActivities`: `parent` the course (for statements about a lesson, a test or
  a certificate; a statement about the course itself has no parent), `grouping` the
  programme, `category` our profile (type ADL `profile`);
- activity IRIs and the actor's `account.homePage` from one setting, the site's public base
  URL (`WAGTAILADMIN_BASE_URL`), whichever host served the request.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from ctps_common.tasks import enqueue_on_commit

from ..models import Enrolment, XapiStatement

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
    # The programme groups the courses: "any generic collection of activities" (ADL TLA).
    "programme": "https://w3id.org/xapi/tla/activity-types/content_set",
    "profile": "http://adlnet.gov/expapi/activities/profile",
}


def site_base_url() -> str:
    """The site's public address, the one base of every IRI we send (no trailing slash)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def programme_iri() -> str:
    return getattr(settings, "XAPI_PROGRAMME_IRI", "") or site_base_url() + "/xapi/programme/"


def profile_iri() -> str:
    """Our statements' conventions (verbs, activity types, context), as a category."""
    return getattr(settings, "XAPI_PROFILE_IRI", "") or site_base_url() + "/xapi/profile/"


def _actor(user) -> dict:
    """An account (no personal data leaves) unless XAPI_ACTOR = "mbox" asks for the email."""
    if getattr(settings, "XAPI_ACTOR", "account") == "mbox" and user.email:
        return {"objectType": "Agent", "mbox": f"mailto:{user.email.lower()}"}
    return account_actor(user)


def account_actor(user) -> dict:
    """The actor as an account on this site: its id, nothing personal."""
    return {
        "objectType": "Agent",
        "account": {"homePage": site_base_url() + "/", "name": str(user.pk)},
    }


def page_iri(page) -> str:
    """A stable IRI from the page's path (the language version the trainee used) on the
    site's base URL, not on the host name of Wagtail's Site record."""
    parts = page.get_url_parts()
    path = parts[2] if parts else None
    return site_base_url() + (path or f"/pages/{page.pk}/")


def _activity(iri: str, kind: str, title: str, language: str) -> dict:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": ACTIVITY_TYPES[kind], "name": {language: title}},
    }


def _language(course) -> str:
    return course.locale.language_code


def _context_activities(course_activity: dict | None, language: str) -> dict:
    name = getattr(settings, "XAPI_PROGRAMME_NAME", "") or getattr(
        settings, "WAGTAIL_SITE_NAME", "Courses"
    )
    activities = {
        "grouping": [_activity(programme_iri(), "programme", name, language)],
        "category": [
            {
                "objectType": "Activity",
                "id": profile_iri(),
                "definition": {"type": ACTIVITY_TYPES["profile"]},
            }
        ],
    }
    if course_activity is not None:
        activities = {"parent": [course_activity], **activities}
    return activities


def registration_of(*, user, course) -> str | None:
    """The registration UUID of the user's enrolment in the course (any language version)."""
    value = (
        Enrolment.objects.filter(user_id=user.pk, course_key=course.translation_key)
        .values_list("registration", flat=True)
        .first()
    )
    return str(value) if value else None


def statement_build(
    *,
    user,
    verb: str,
    course,
    timestamp: datetime,
    registration=None,
    obj: dict | None = None,
    result: dict | None = None,
) -> dict:
    """One complete statement; `obj` defaults to the course itself."""
    language = _language(course)
    course_activity = _activity(page_iri(course), "course", course.title, language)
    context = {
        "platform": getattr(settings, "WAGTAIL_SITE_NAME", "") or "Courses",
        "language": language,
        "contextActivities": _context_activities(
            course_activity if obj is not None else None, language
        ),
    }
    registration = registration or registration_of(user=user, course=course)
    if registration:
        context = {"registration": str(registration), **context}
    statement = {
        "id": str(uuid.uuid4()),
        "version": XAPI_VERSION,
        "actor": _actor(user),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj or course_activity,
        "context": context,
        "timestamp": timestamp.isoformat(),
    }
    if result is not None:
        statement["result"] = result
    return statement


def statement_record(**kwargs) -> XapiStatement:
    """Build and store a statement in the caller's transaction; once it commits, the
    forwarding task is enqueued (after the commit: it talks to the LRS)."""
    from .sending import xapi_forward

    statement = statement_build(**kwargs)
    row = XapiStatement.objects.create(
        id=statement["id"],
        user=kwargs["user"],
        verb=statement["verb"]["id"],
        statement=statement,
        timestamp=datetime.fromisoformat(statement["timestamp"]),
    )
    enqueue_on_commit(xapi_forward)
    return row


def statements_restamp(ids, when: datetime) -> int:
    """Give statements not yet sent the time their event really happened (the demo builds
    past learning this way). Returns how many were restamped."""
    rows = list(XapiStatement.objects.filter(pk__in=list(ids), status="pending"))
    for row in rows:
        row.timestamp = when
        row.statement = {**row.statement, "timestamp": when.isoformat()}
    XapiStatement.objects.bulk_update(rows, ["timestamp", "statement"])
    return len(rows)


# --- one function per learning event (called by services) ---


def record_enrolled(*, enrolment) -> XapiStatement:
    return statement_record(
        user=enrolment.user,
        verb="registered",
        course=enrolment.course,
        timestamp=enrolment.enrolled_at,
        registration=enrolment.registration,
    )


def record_lesson_completed(*, completion, lesson, course, registration=None) -> XapiStatement:
    obj = _activity(page_iri(lesson), "lesson", lesson.title, _language(course))
    return statement_record(
        user=completion.user,
        verb="completed",
        course=course,
        obj=obj,
        result={"completion": True},
        timestamp=completion.completed_at,
        registration=registration,
    )


def _quiz_activity(attempt, course) -> dict:
    with translation.override(_language(course)):
        path = reverse("courses:attempt_start", args=[course.pk, attempt.kind])
    return _activity(site_base_url() + path, "assessment", attempt.quiz.title, _language(course))


def record_attempt_started(*, attempt, course, registration=None) -> XapiStatement:
    return statement_record(
        user=attempt.user,
        verb="attempted",
        course=course,
        obj=_quiz_activity(attempt, course),
        timestamp=attempt.started_at,
        registration=registration,
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
        timestamp=attempt.submitted_at or timezone.now(),
    )


def record_course_completed(*, user, course, completed_at, registration=None) -> XapiStatement:
    return statement_record(
        user=user,
        verb="completed",
        course=course,
        result={"completion": True, "success": True},
        timestamp=completed_at,
        registration=registration,
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
