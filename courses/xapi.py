"""xAPI 1.0.3 learning records: statement builders, the outbox, and the LRS sender.

Every learning event writes one `XapiStatement` row in the same transaction as the event, so
a statement exists exactly when the event does. Sending happens outside the trainee's request:
`manage.py xapi_send` (run as a worker with `--loop`, or from cron) posts due statements in
batches. The statement id is our primary key, so a batch re-sent after a lost answer is
accepted by the LRS without duplicates (xAPI §2.2: same id, same statement → no-op).
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .models import XapiStatement

logger = logging.getLogger(__name__)

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
BATCH_SIZE = 50
RETRY_DELAYS = [60, 300, 1800, 7200]  # seconds; the last one repeats


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


# --- export and sending ---


def statements_export(*, start: datetime, end: datetime) -> list[dict]:
    """Statements whose timestamp falls in [start, end), as stored."""
    return list(XapiStatement.objects.between(start, end).values_list("statement", flat=True))


class LrsError(Exception):
    pass


def _post(batch: list[dict]) -> None:
    endpoint = settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"
    request = urllib.request.Request(  # noqa: S310 - the endpoint is the operator's setting
        endpoint,
        data=json.dumps(batch).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
        },
    )
    username = getattr(settings, "XAPI_LRS_USERNAME", "")
    if username:
        secret = f"{username}:{getattr(settings, 'XAPI_LRS_PASSWORD', '')}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
    timeout = getattr(settings, "XAPI_LRS_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        # 409 Conflict: the LRS already holds these ids; nothing is lost or duplicated.
        if status != 409:
            raise LrsError(f"HTTP {status}") from error
    except (urllib.error.URLError, OSError) as error:
        raise LrsError(str(error)) from error
    if status >= 300 and status != 409:
        raise LrsError(f"HTTP {status}")


def statements_send(*, batch_size: int = BATCH_SIZE, max_batches: int = 100) -> dict:
    """Send due statements in batches; a failed batch waits for its retry time.

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED (on PostgreSQL), so two workers
    never send the same batch at once.
    """
    counts = {"sent": 0, "failed": 0}
    if not getattr(settings, "XAPI_LRS_ENDPOINT", ""):
        return counts
    for _ in range(max_batches):
        with transaction.atomic():
            rows = list(
                XapiStatement.objects.due()
                .select_for_update(skip_locked=True)
                .only("id", "statement", "attempts")[:batch_size]
            )
            if not rows:
                break
            ids = [row.id for row in rows]
            try:
                _post([row.statement for row in rows])
            except LrsError as error:
                logger.warning("xAPI: LRS refused a batch of %s statements: %s", len(rows), error)
                now = timezone.now()
                for row in rows:
                    delay = RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS) - 1)]
                    row.attempts += 1
                    row.next_attempt_at = now + timedelta(seconds=delay)
                    row.last_error = str(error)[:500]
                XapiStatement.objects.bulk_update(
                    rows, ["attempts", "next_attempt_at", "last_error"]
                )
                counts["failed"] += len(rows)
                break
            XapiStatement.objects.filter(id__in=ids).update(sent_at=timezone.now(), last_error="")
            counts["sent"] += len(rows)
    return counts
