"""After the load: every write the load accounts made, accounted for (run by loadtest/run.py).

Reads the writes locust saw accepted (quiz submissions, lesson completions) and the statement
ids the local LRS stored, and compares them with the database. Prints one JSON object:

- quiz: submissions accepted, those missing from the database (not submitted or expired);
- lessons: completions accepted, those with no LessonCompletion row;
- xapi: the statements the load accounts' rows call for (one per enrolment, lesson
  completed, course completed, attempt started, attempt graded, certificate), the statements
  recorded, by status, and those marked sent that the LRS does not hold.

Usage: python loadtest/account.py WRITES.json LRS_IDS.json (production settings in the
environment, as the load test runs them).
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctps.settings.production")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402

from courses.models import (  # noqa: E402
    Certificate,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
    XapiStatement,
)

LOAD_ACCOUNTS = "load."


def account(writes: dict, lrs_ids: set[str]) -> dict:
    users = get_user_model().objects.filter(username__startswith=LOAD_ACCOUNTS)
    closed = QuizAttempt.objects.filter(user__in=users).exclude(status=QuizAttempt.Status.OPEN)
    found = set(closed.filter(pk__in=writes["submitted"]).values_list("pk", flat=True))

    lesson_keys = dict(
        LessonPage.objects.filter(pk__in={pk for _, pk in writes["completed"]}).values_list(
            "pk", "translation_key"
        )
    )
    accepted = {(username, lesson_keys[pk]) for username, pk in writes["completed"]}
    stored = set(
        LessonCompletion.objects.filter(user__in=users).values_list("user__username", "lesson_key")
    )

    enrolments = Enrolment.objects.filter(user__in=users)
    expected = {
        "enrolments": enrolments.count(),
        "lessons completed": len(stored),
        "courses completed": enrolments.exclude(completed_at=None).count(),
        "attempts started": QuizAttempt.objects.filter(user__in=users).count(),
        "attempts graded": closed.count(),
        "certificates": Certificate.objects.filter(user__in=users).count(),
    }
    statements = XapiStatement.objects.filter(user__in=users)
    by_status = dict(
        statements.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    sent = {str(pk) for pk in statements.filter(status="sent").values_list("pk", flat=True)}
    everyone = dict(
        XapiStatement.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "quiz": {
            "accepted": len(writes["submitted"]),
            "missing": sorted(set(writes["submitted"]) - found),
            "in_db": closed.count(),
        },
        "lessons": {
            "accepted": len(accepted),
            "missing": sorted([username, str(key)] for username, key in accepted - stored),
            "in_db": len(stored),
        },
        "xapi": {
            "expected": expected,
            "expected_total": sum(expected.values()),
            "recorded": statements.count(),
            "by_status": by_status,
            "sent_not_in_lrs": len(sent - lrs_ids),
            "lrs_holds": len(lrs_ids),
            "all_accounts_by_status": everyone,
            "failed_errors": list(
                statements.filter(status="failed").values_list("last_error", flat=True)[:5]
            ),
        },
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as handle:
        writes = json.load(handle)
    with open(sys.argv[2]) as handle:
        lrs_ids = set(json.load(handle))
    print(json.dumps(account(writes, lrs_ids)))
