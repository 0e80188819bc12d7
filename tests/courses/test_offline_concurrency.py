"""Two syncs of one offline action at the same moment (a retried request overtaking the
first, two tabs): the database's unique UUID lets one act, the other returns its result.
PostgreSQL only (SQLite serialises every write, so the race cannot happen there)."""

import uuid

import pytest
from django.db import connection

from courses.models import LessonCompletion, OfflineSubmission
from courses.services.enrolment import enrolment_create
from courses.services.offline import offline_submission_receive
from tests.concurrency import at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs concurrent transactions"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_uuid_sent_twice_at_once_is_recorded_once(make_course, trainee):
    course = make_course(lessons=1, pre=False)
    enrolment_create(user=trainee, course=course)
    lesson = course.lessons().first()
    key = str(uuid.uuid4())

    def sync():
        return offline_submission_receive(
            user=trainee, uuid=key, kind="lesson", payload={"lesson": lesson.pk}, language="en"
        )

    results = at_once(sync, 2)
    errors = [result for result in results if isinstance(result, str)]
    assert not errors, errors
    assert sorted(replayed for _submission, replayed in results) == [False, True]
    assert {submission.pk for submission, _replayed in results} == {
        OfflineSubmission.objects.get(uuid=key).pk
    }
    assert OfflineSubmission.objects.count() == 1
    assert LessonCompletion.objects.filter(user=trainee).count() == 1
