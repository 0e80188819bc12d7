"""Two syncs of one offline action at the same moment (a retried request overtaking the
first, two tabs): the database's unique UUID lets one act, the other returns its result.
PostgreSQL only (SQLite serialises every write, so the race cannot happen there)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from courses.models import LessonCompletion, OfflineSubmission
from courses.services.enrolment import enrolment_create
from courses.services.offline import offline_submission_receive

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs concurrent transactions"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_uuid_sent_twice_at_once_is_recorded_once(make_course, trainee):
    course = make_course(lessons=1, pre=False)
    enrolment_create(user=trainee, course=course)
    lesson = course.lessons().first()
    key = str(uuid.uuid4())
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sync():
        try:
            barrier.wait(timeout=10)
            results.append(
                offline_submission_receive(
                    user=trainee,
                    uuid=key,
                    kind="lesson",
                    payload={"lesson": lesson.pk},
                    language="en",
                )
            )
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sync) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(replayed for _submission, replayed in results) == [False, True]
    assert {submission.pk for submission, _replayed in results} == {
        OfflineSubmission.objects.get(uuid=key).pk
    }
    assert OfflineSubmission.objects.count() == 1
    assert LessonCompletion.objects.filter(user=trainee).count() == 1
