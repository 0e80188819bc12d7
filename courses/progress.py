"""A trainee's lesson completions and quiz attempts in a course, cached per progress version.

Course and lesson pages read the trainee's enrolment on every request anyway; its
`progress_version` changes in the same transaction as every write to the trainee's lesson
completions or quiz attempts in that course (signals below, and `progress_changed()` where
a write bypasses them). The records are cached under that version: a page never shows
progress older than the row it has just read, in a shared cache or in one per process,
and a write rolled back leaves the version as it was.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import Enrolment, LessonCompletion, QuizAttempt

# Entries never go stale (a change makes a new key); the timeout only frees memory.
TIMEOUT = 60 * 60


def progress_changed(*, user_id: int, course_key) -> None:
    """Give the enrolment a new progress version (call after the write, in its transaction)."""
    Enrolment.objects.filter(user_id=user_id, course_key=course_key).update(
        progress_version=uuid.uuid4()
    )


def trainee_records(enrolment) -> tuple[dict, list]:
    """({lesson_key: completed_at}, [quiz attempts, newest first]) of one enrolment.

    Two queries when the enrolment's progress changed since they were last cached, none
    otherwise. Attempts are loaded without their question layout, which pages never show.
    """
    key = f"courses:progress:{enrolment.pk}:{enrolment.progress_version.hex}"
    records = cache.get(key)
    if records is None:
        mine = {"user_id": enrolment.user_id, "course_key": enrolment.course_key}
        records = (
            dict(LessonCompletion.objects.filter(**mine).values_list("lesson_key", "completed_at")),
            list(QuizAttempt.objects.filter(**mine).defer("layout")),
        )
        cache.set(key, records, TIMEOUT)
    return records


def _on_record_change(sender, instance, raw=False, **_kwargs) -> None:
    if raw:  # loaddata (a restore) writes the enrolment as it was, version included
        return
    progress_changed(user_id=instance.user_id, course_key=instance.course_key)


def connect() -> None:
    """Called from the app's ready(): every save or deletion of a completion or an attempt."""
    for model in (LessonCompletion, QuizAttempt):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_record_change,
                sender=model,
                dispatch_uid=f"courses_progress_{model.__name__}_{id(signal)}",
            )
