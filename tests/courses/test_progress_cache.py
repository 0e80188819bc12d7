"""The trainee's cached progress changes as soon as their lessons or attempts change.

Course and lesson pages cache the trainee's completions and attempts (and the outline they
render) under the enrolment's progress version; every test first warms those caches with
a page view, then changes the records through the path a user or staff member takes, and
expects the very next page view to show the change.
"""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Enrolment, LessonCompletion, QuizAttempt
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import (
    attempt_expire_if_late,
    attempt_reset,
    attempt_start,
    attempt_submit,
)

from .conftest import PASSWORD, answers_for


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _percent(html: str) -> int:
    return int(re.search(r'<progress [^>]*value="(\d+)"', html)[1])


def _done_marks(html: str) -> int:
    return html.count('class="done">✓ done on')


def test_completing_a_lesson_shows_at_once_on_the_course_and_lesson_pages(
    client, make_course, trainee
):
    course = make_course(lessons=2, pre=False, post=False)
    enrolment_create(user=trainee, course=course)
    _login(client, trainee)
    lesson_url = course.url + "lesson-1/"
    html = client.get(course.url).content.decode()  # cached now
    assert _percent(html) == 0 and _done_marks(html) == 0 and "Start the first lesson" in html
    assert "I have finished this lesson" in client.get(lesson_url).content.decode()

    lesson = course.lessons().first()
    response = client.post(f"/en/learning/lessons/{lesson.pk}/complete/")
    assert response.status_code == 302

    html = client.get(course.url).content.decode()
    assert _percent(html) == 50 and _done_marks(html) == 1
    assert "Resume" in html and "Lesson 2" in html
    html = client.get(lesson_url).content.decode()
    assert "You have completed this lesson." in html and _percent(html) == 50


def test_taking_the_pre_test_unlocks_the_lessons_at_once(client, make_course, trainee):
    course = make_course(lessons=2)
    enrolment_create(user=trainee, course=course)
    _login(client, trainee)
    html = client.get(course.url).content.decode()
    assert "Take the pre-test" in html and 'href="' + course.url + 'lesson-1/"' not in html
    assert client.get(course.url + "lesson-1/").status_code == 302  # pre-test first

    attempt = attempt_start(user=trainee, course=course, kind="pre")
    html = client.get(course.url).content.decode()
    assert "Continue your test" in html  # the open attempt shows at once too
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt))

    html = client.get(course.url).content.decode()
    assert "Take the pre-test" not in html and "Continue your test" not in html
    assert 'href="' + course.url + 'lesson-1/"' in html
    assert client.get(course.url + "lesson-1/").status_code == 200


def test_a_staff_reset_gives_the_attempt_back_at_once(client, make_course, trainee, make_user):
    staff = make_user("staff@example.org", "Programme staff")
    course = make_course(lessons=1, pre=False, attempt_limit=1)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    attempt = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=False))
    _login(client, trainee)
    assert "used every attempt at the post-test" in client.get(course.url).content.decode()

    attempt_reset(attempt=attempt, reset_by=staff, reason="Power cut in the room")

    html = client.get(course.url).content.decode()
    assert "used every attempt" not in html and "1 attempt left." in html


def test_an_attempt_closed_by_its_time_limit_shows_at_once(client, make_course, trainee):
    """Expiry is a conditional UPDATE, which sends no signal: the service still counts it."""
    course = make_course(lessons=1, time_limit_minutes=5)
    enrolment_create(user=trainee, course=course)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    _login(client, trainee)
    assert "Continue your test" in client.get(course.url).content.decode()

    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=10)  # the clock ran out; nobody saw it yet
    )
    assert "Continue your test" in client.get(course.url).content.decode()  # still open
    attempt.refresh_from_db()
    assert attempt_expire_if_late(attempt=attempt)

    html = client.get(course.url).content.decode()
    assert "Continue your test" not in html and "Pre-test score: 0%" in html
    assert 'href="' + course.url + 'lesson-1/"' in html  # the pre-test was taken


def test_records_deleted_by_staff_disappear_at_once(client, make_course, trainee):
    course = make_course(lessons=2, pre=False, post=False)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    _login(client, trainee)
    assert _done_marks(client.get(course.url).content.decode()) == 1

    LessonCompletion.objects.filter(user=trainee).delete()  # as the admin's delete view does

    html = client.get(course.url).content.decode()
    assert _done_marks(html) == 0 and _percent(html) == 0


def test_unenrolled_trainees_see_the_enrol_button_again(client, make_course, trainee):
    course = make_course(lessons=2, pre=False)
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    _login(client, trainee)
    assert _done_marks(client.get(course.url).content.decode()) == 1

    Enrolment.objects.filter(user=trainee).delete()

    html = client.get(course.url).content.decode()
    assert "Enrol in this course" in html and _done_marks(html) == 0
    assert 'href="' + course.url + 'lesson-1/"' not in html
    assert client.get(course.url + "lesson-1/").status_code == 302

    enrolment_create(user=trainee, course=course)  # back, with the lesson still done
    html = client.get(course.url).content.decode()
    assert _done_marks(html) == 1 and _percent(html) == 50  # 1 of 2 lessons


def test_every_record_write_gives_a_new_progress_version_and_a_rollback_none(make_course, trainee):
    course = make_course(lessons=1)
    enrolment, _created = enrolment_create(user=trainee, course=course)
    seen = {enrolment.progress_version}

    def version():
        return Enrolment.objects.get(pk=enrolment.pk).progress_version

    attempt = attempt_start(user=trainee, course=course, kind="pre")
    assert version() not in seen
    seen.add(version())
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt))
    assert version() not in seen
    seen.add(version())
    before = version()
    try:
        with transaction.atomic():
            lesson_complete(user=trainee, lesson=course.lessons().first())
            assert version() != before
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert version() == before  # the version rolled back with the completion
    lesson_complete(user=trainee, lesson=course.lessons().first())
    assert version() not in seen


def test_one_trainee_never_sees_another_ones_progress(client, make_course, trainee, make_user):
    course = make_course(lessons=2, pre=False, post=False)
    other = make_user("ama@example.org")
    for user in (trainee, other):
        enrolment_create(user=user, course=course)
    lesson_complete(user=trainee, lesson=course.lessons().first())
    _login(client, trainee)
    assert _done_marks(client.get(course.url).content.decode()) == 1
    client.logout()
    _login(client, other)
    html = client.get(course.url).content.decode()
    assert _done_marks(html) == 0 and _percent(html) == 0
