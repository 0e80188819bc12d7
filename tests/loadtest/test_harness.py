"""The load test's own arithmetic and accounting (loadtest/run.py, loadtest/account.py): the
run itself needs PostgreSQL, Redis and minutes of load, so CI does not run it; what decides
its verdict is tested here on real rows."""

import importlib.util
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from courses.models import XapiStatement
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory, QuizAttemptFactory

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"loadtest_{name}", ROOT / "loadtest" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run():
    return load("run.py")


def test_durations_are_read_as_locust_writes_them(run):
    assert [run.parse_seconds(text) for text in ("2m", "20s", "1m30s", "90")] == [120, 20, 90, 90]
    with pytest.raises(Exception, match="not a duration"):
        run.parse_seconds("two minutes")


def test_locust_gets_a_core_of_its_own_when_there_are_two(run, monkeypatch):
    monkeypatch.setattr(run.os, "sched_getaffinity", lambda pid: {0, 1})
    assert run.split_cores(True) == ({0}, {1})
    assert run.split_cores(False) == ({0, 1}, {0, 1})
    monkeypatch.setattr(run.os, "sched_getaffinity", lambda pid: {3})
    assert run.split_cores(True) == ({3}, {3})


def test_throughput_counts_from_the_last_sign_in_and_leaves_sign_ins_out(run, tmp_path):
    rows = [
        (100, "login form", 5), (100, "login", 2), (100, "Aggregated", 7),
        (101, "login form", 60), (101, "login", 55), (101, "bare page", 10),
        (101, "Aggregated", 125),
        (102, "login form", 60), (102, "login", 60), (102, "bare page", 30),
        (102, "Aggregated", 150),
        (110, "login form", 60), (110, "login", 60), (110, "bare page", 190),
        (110, "Aggregated", 310),
    ]  # fmt: skip
    lines = ["Timestamp,User Count,Type,Name,Requests/s,Total Request Count"]
    lines += [f"{second},60,GET,{name},0,{count}" for second, name, count in rows]
    (tmp_path / "phase_stats_history.csv").write_text("\n".join(lines) + "\n")
    assert run.steady(tmp_path / "phase") == {"requests": 160, "seconds": 8, "rps": 20.0}


@pytest.mark.django_db
def test_the_accounting_finds_every_lost_write_and_undelivered_statement():
    account = load("account.py")
    course = CoursePageFactory(lessons=2)
    first, second = course.lessons()
    trainee = get_user_model().objects.create_user("load.trainee.00@ctps.example")
    other = get_user_model().objects.create_user("someone@ctps.example")
    enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=first)
    graded = QuizAttemptFactory(user=trainee, course=course)
    still_open = QuizAttemptFactory(user=trainee, course=course, status="open", submitted_at=None)
    QuizAttemptFactory(user=other, course=course)
    statements = list(XapiStatement.objects.filter(user=trainee).order_by("verb"))
    assert len(statements) == 2  # registered, completed (factory attempts record none)
    XapiStatement.objects.filter(user=trainee).update(status="sent")
    writes = {
        "submitted": [graded.pk, still_open.pk],
        "completed": [[trainee.username, first.pk], [trainee.username, second.pk]],
    }

    result = account.account(writes, {str(statements[0].pk), str(uuid.uuid4())})

    assert result["quiz"] == {"accepted": 2, "missing": [still_open.pk], "in_db": 1}
    assert result["lessons"]["accepted"] == 2 and result["lessons"]["in_db"] == 1
    assert result["lessons"]["missing"] == [[trainee.username, str(second.translation_key)]]
    xapi = result["xapi"]
    # the rows call for: an enrolment, a lesson, two attempts started and one graded
    assert xapi["expected"]["enrolments"] == 1 and xapi["expected"]["lessons completed"] == 1
    assert xapi["expected_total"] == 5 and xapi["recorded"] == 2
    assert xapi["by_status"] == {"sent": 2} and xapi["sent_not_in_lrs"] == 1


@pytest.mark.django_db
def test_the_seeded_sessions_sign_locusts_users_in(client, settings):
    """Each account's session, sent as the cookie locust sets, is a signed-in request."""
    seed = load("seed.py")
    trainee = TraineeFactory()
    keys = seed.sessions([trainee.username, "nobody@ctps.example"])
    assert list(keys) == [trainee.username]
    assert client.get("/en/learning/my/").status_code == 302  # anonymous: to the sign-in
    client.cookies[settings.SESSION_COOKIE_NAME] = keys[trainee.username]
    response = client.get("/en/learning/my/")
    assert response.status_code == 200
    assert response.wsgi_request.user == trainee
