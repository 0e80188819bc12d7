"""The database stops in the middle of a request (PostgreSQL, on a cluster this test starts
and owns: never the cluster of the test run, which CI shares). The trainee gets the generic
error page, and nothing is half-written: a quiz submission stopped after it claimed the
attempt and before it stored the answers leaves the attempt open with no answer; a lesson
completion stopped before its learning record leaves no completion. Both succeed once the
database is back.

To stop the database at that point every time, the test holds a lock on the table the
request writes last; once the request waits for it, the cluster is stopped (fast mode
ends every session, the waiting one included)."""

import json
import re
import threading

import psycopg
import pytest

from tests.faults.database import Probe
from tests.faults.servers import Gunicorn, PrivateCluster, wait_until
from tests.home.fresh_database import manage, python_module


@pytest.fixture(scope="module")
def cluster():
    cluster = PrivateCluster()
    yield cluster
    cluster.destroy()


@pytest.fixture
def server(cluster, tmp_path):
    env = {"DATABASE_URL": cluster.url, "CTPS_TEST_MEDIA_ROOT": str(tmp_path / "media")}
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    seeded = python_module("tests.faults.seed", "learning", env=env)
    assert seeded.returncode == 0, seeded.stderr
    gunicorn = Gunicorn(env, tmp_path)
    yield gunicorn, Probe(cluster.url), json.loads(seeded.stdout.splitlines()[-1])
    gunicorn.stop()


def password(seed) -> dict:
    return {"password": seed["password"]}


def waiting_for_a_lock(probe) -> int:
    return probe.rows("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")[0][0]


def trainee_session(gunicorn, seed):
    import requests

    session = requests.Session()
    page = session.get(f"{gunicorn.url}{seed['login_url']}", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed = session.post(
        f"{gunicorn.url}{seed['login_url']}",
        data={"csrfmiddlewaretoken": token, "username": seed["login"], **password(seed)},
        allow_redirects=False,
        timeout=60,
    )
    assert signed.status_code == 302, signed.text[-2000:]
    return session, session.cookies["csrftoken"]


def stopped_mid_request(cluster, session, url, data, *, locked_table):
    """POST `url`; stop the cluster while the request waits for `locked_table`."""
    holder = psycopg.connect(cluster.url)
    holder.execute(f"LOCK TABLE {locked_table} IN EXCLUSIVE MODE")  # readers pass, writers wait
    outcome = {}

    def post():
        outcome["response"] = session.post(url, data=data, timeout=300, allow_redirects=False)

    request = threading.Thread(target=post)
    request.start()
    probe = Probe(cluster.url)
    wait_until(
        lambda: waiting_for_a_lock(probe),
        timeout=120,
        what=f"the request to wait for {locked_table}",
    )
    cluster.stop("fast")
    request.join(timeout=120)
    holder.close()
    cluster.start()
    return outcome["response"]


def test_the_database_stopping_mid_request_leaves_nothing_half_written(cluster, server):
    gunicorn, probe, seed = server
    session, token = trainee_session(gunicorn, seed)
    url = f"{gunicorn.url}{seed['attempt_url']}"
    answers = {**seed["answers"], "csrfmiddlewaretoken": token}

    def attempt():
        return probe.rows(
            "SELECT status, submitted_at IS NULL FROM courses_quizattempt WHERE id = ?",
            seed["attempt"],
        )[0]

    failed = stopped_mid_request(cluster, session, url, answers, locked_table="courses_answer")
    assert failed.status_code == 500
    assert "Something went wrong on our side" in failed.text  # the generic error page
    assert attempt() == ("open", True) and probe.count("courses_answer") == 0

    submitted = session.post(url, data=answers, timeout=120, allow_redirects=False)
    assert submitted.status_code == 302, submitted.text[-2000:]
    assert attempt() == ("submitted", False)
    assert probe.count("courses_answer") == len(seed["answers"])

    lesson = f"{gunicorn.url}{seed['lesson_url']}"
    statements = probe.count("courses_xapistatement")
    failed = stopped_mid_request(
        cluster,
        session,
        lesson,
        {"csrfmiddlewaretoken": token},
        locked_table="courses_xapistatement",
    )
    assert failed.status_code == 500
    assert "Something went wrong on our side" in failed.text
    assert probe.count("courses_lessoncompletion") == 0
    assert probe.count("courses_xapistatement") == statements

    done = session.post(lesson, data={"csrfmiddlewaretoken": token}, timeout=120)
    assert done.status_code == 200
    assert probe.count("courses_lessoncompletion") == 1
    assert probe.count("courses_xapistatement") == statements + 1
