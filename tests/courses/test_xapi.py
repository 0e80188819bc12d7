"""xAPI 1.0.3 statements for every learning event, export, and delivery to a real local LRS."""

import json
import re
import threading
import uuid
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from courses.models import XapiStatement
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit
from courses.xapi.sending import statements_send

from .conftest import answers_for
from .records import complete, log_in

ADL = "http://adlnet.gov/expapi/verbs/"


def assert_valid_statement(statement: dict) -> None:
    """The properties xAPI 1.0.3 (Data, §2.4) requires, and the forms it allows."""
    assert uuid.UUID(statement["id"]).version == 4
    assert re.fullmatch(r"1\.0\.\d+", statement["version"])
    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    identifiers = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    assert len(identifiers) == 1, "an Agent has exactly one inverse functional identifier"
    if "account" in actor:
        assert set(actor["account"]) == {"homePage", "name"}
        assert urlparse(actor["account"]["homePage"]).scheme in ("http", "https")
    else:
        assert actor["mbox"].startswith("mailto:")
    verb = statement["verb"]
    assert urlparse(verb["id"]).scheme in ("http", "https")
    assert all(isinstance(v, str) for v in verb["display"].values())
    obj = statement["object"]
    assert obj["objectType"] == "Activity"
    assert urlparse(obj["id"]).scheme in ("http", "https") and urlparse(obj["id"]).netloc
    assert urlparse(obj["definition"]["type"]).scheme in ("http", "https")
    stamp = datetime.fromisoformat(statement["timestamp"])
    assert stamp.tzinfo is not None
    context = statement["context"]
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", context["language"])
    for parent in context.get("contextActivities", {}).get("parent", []):
        assert parent["objectType"] == "Activity"
        assert urlparse(parent["id"]).scheme in ("http", "https")
    if "result" in statement:
        result = statement["result"]
        if "score" in result:
            score = result["score"]
            assert -1 <= score["scaled"] <= 1
            assert score["min"] <= score["raw"] <= score["max"]
        assert set(result) <= {"score", "success", "completion", "response", "duration"}
    assert not {"stored", "authority"} & set(statement), "the LRS sets those"


def statements_of(user):
    return [s.statement for s in XapiStatement.objects.filter(user=user).order_by("stored", "pk")]


def test_every_learning_event_is_a_valid_statement(make_course, trainee):
    course = make_course(lessons=2, attempt_limit=0)
    enrolment_create(user=trainee, course=course)
    attempt = attempt_start(user=trainee, course=course, kind="pre")
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=False))
    for lesson in course.lessons():
        lesson_complete(user=trainee, lesson=lesson)
    attempt = attempt_start(user=trainee, course=course, kind="post")
    attempt_submit(attempt=attempt, user=trainee, data=answers_for(attempt, right=True))
    statements = statements_of(trainee)
    for statement in statements:
        assert_valid_statement(statement)
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    assert verbs == [
        "registered",
        "attempted",
        "failed",
        "completed",
        "completed",
        "attempted",
        "passed",
        "completed",
        "satisfied",
    ]
    course_iri = statements[0]["object"]["id"]
    assert course_iri == f"http://testserver{course.url}"
    assert statements[0]["object"]["definition"]["type"].endswith("/activities/course")
    # Lessons and tests name the course as their parent; the course statements are about it.
    lesson = statements[3]
    assert lesson["object"]["definition"]["type"].endswith("/activities/lesson")
    assert lesson["context"]["contextActivities"]["parent"][0]["id"] == course_iri
    assert lesson["object"]["id"] == f"http://testserver{course.lessons().first().url}"
    failed, passed = statements[2], statements[6]
    assert failed["result"]["score"] == {"scaled": 0.0, "raw": 0.0, "min": 0, "max": 100}
    assert failed["result"]["success"] is False
    assert passed["result"]["score"]["scaled"] == 1.0 and passed["result"]["success"] is True
    assert passed["object"]["id"].endswith(f"/en/learning/courses/{course.pk}/test/post/")
    assert statements[7]["object"]["id"] == course_iri
    assert statements[7]["result"]["completion"] is True
    certificate = trainee.certificates.get()
    assert statements[8]["object"]["id"].endswith(f"/verify/{certificate.code_display}/")
    assert all(s["context"]["language"] == "en" for s in statements)
    assert trainee.email not in json.dumps(statements)  # an account, not the email
    assert len({s["id"] for s in statements}) == len(statements)
    # Completing a lesson twice records it once.
    lesson_complete(user=trainee, lesson=course.lessons().first())
    assert len(statements_of(trainee)) == len(statements)


def test_actor_as_mbox_when_configured(settings, make_course, trainee):
    settings.XAPI_ACTOR = "mbox"
    enrolment_create(user=trainee, course=make_course(lessons=1))
    (statement,) = statements_of(trainee)
    assert_valid_statement(statement)
    assert statement["actor"] == {"objectType": "Agent", "mbox": "mailto:kofi@example.org"}


def test_french_statements_carry_the_language(make_course, trainee, french):
    course = make_course(lessons=1, pre=False, post=False)
    course_fr = course.copy_for_translation(french)
    course_fr.save_revision().publish()
    enrolment_create(user=trainee, course=course_fr)
    (statement,) = statements_of(trainee)
    assert statement["context"]["language"] == "fr"
    assert "/fr/" in statement["object"]["id"]


def test_staff_export_a_period_as_json(client, make_course, trainee, make_user):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    old = XapiStatement.objects.filter(user=trainee).first()
    stamp = timezone.now() - timedelta(days=40)
    old.statement["timestamp"] = stamp.isoformat()
    XapiStatement.objects.filter(pk=old.pk).update(timestamp=stamp, statement=old.statement)
    today = timezone.localdate()
    log_in(client, make_user("programme@example.org", "Programme staff"))
    params = {"start": today - timedelta(days=1), "end": today}
    response = client.get("/admin/courses-reports/xapi/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    exported = json.loads(response.content)
    ids = {s["id"] for s in exported}
    mine = {
        str(pk) for pk in XapiStatement.objects.filter(user=trainee).values_list("pk", flat=True)
    }
    assert mine - {str(old.pk)} <= ids and str(old.pk) not in ids
    for statement in exported:
        assert_valid_statement(statement)
    response = client.get("/admin/courses-reports/xapi/", {"start": today, "end": "2001-01-01"})
    assert response.status_code == 400 and "must not be after" in response.content.decode()
    assert client.get("/admin/courses-reports/xapi/", {"start": "nonsense"}).status_code == 400


def test_only_programme_staff_export_statements(client, make_user):
    for group in ("Trainee", "Country staff", "Manager"):
        log_in(client, make_user(f"{group[:3].lower()}@example.org", group))
        response = client.get(
            "/admin/courses-reports/xapi/", {"start": "2026-01-01", "end": "2026-12-31"}
        )
        assert response.status_code in (302, 403), group
        assert not response.get("Content-Type", "").startswith("application/json")
        client.logout()


class FakeLrs:
    """A real HTTP server on localhost that keeps statements by id, as an LRS does."""

    def __init__(self):
        self.fail_next = 0
        self.requests = []
        self.stored = {}
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                lrs.requests.append(
                    {
                        "path": self.path,
                        "version": self.headers.get("X-Experience-API-Version"),
                        "auth": self.headers.get("Authorization"),
                        "ids": [s["id"] for s in body],
                    }
                )
                if lrs.fail_next:
                    lrs.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                for statement in body:
                    lrs.stored.setdefault(statement["id"], statement)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps([s["id"] for s in body]).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xapi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lrs(settings, db):
    server = FakeLrs()
    settings.XAPI_LRS_ENDPOINT = server.url
    settings.XAPI_LRS_USERNAME = "ctps"
    settings.XAPI_LRS_PASSWORD = "secret"
    # The demo's statements are not ours.
    XapiStatement.objects.update(sent_at=timezone.now(), status="sent")
    yield server
    server.close()


def test_statements_go_to_the_lrs_in_batches_once(lrs, make_course, trainee):
    complete(make_course(lessons=2, attempt_limit=0), trainee)
    mine = XapiStatement.objects.filter(user=trainee)
    total = mine.count()
    assert total == 9
    assert statements_send(batch_size=4) == {"sent": 9, "failed": 0, "retry": 0}
    assert [len(r["ids"]) for r in lrs.requests] == [4, 4, 1]
    assert lrs.requests[0]["path"] == "/xapi/statements"
    assert lrs.requests[0]["version"] == "1.0.3"
    assert lrs.requests[0]["auth"] == "Basic Y3RwczpzZWNyZXQ="
    assert set(lrs.stored) == {str(pk) for pk in mine.values_list("pk", flat=True)}
    assert not mine.filter(sent_at__isnull=True).exists()
    # Nothing is sent twice.
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 0}
    assert len(lrs.requests) == 3


def test_a_failing_lrs_loses_nothing_and_is_retried_later(lrs, make_course, trainee):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    mine = XapiStatement.objects.filter(user=trainee)
    lrs.fail_next = 1
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 4}
    assert mine.filter(sent_at__isnull=True, attempts=1).count() == 4
    assert "503" in mine.first().last_error
    # Not due yet: the worker does not hammer the LRS.
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 0}
    assert len(lrs.requests) == 1
    mine.update(next_attempt_at=timezone.now())
    assert statements_send() == {"sent": 4, "failed": 0, "retry": 0}
    assert len(lrs.stored) == 4 and not mine.filter(sent_at__isnull=True).exists()


def test_a_resent_batch_is_harmless_for_the_lrs(lrs, make_course, trainee):
    """The answer was lost after the LRS stored the batch: the retry re-sends the same ids."""
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    assert statements_send()["sent"] == 4
    XapiStatement.objects.filter(user=trainee).update(sent_at=None, status="pending")
    assert statements_send()["sent"] == 4
    assert len(lrs.stored) == 4
    assert lrs.requests[0]["ids"] == lrs.requests[1]["ids"]


def test_an_unreachable_lrs_never_touches_the_trainee_request(
    client, settings, make_course, trainee
):
    """The request only writes the outbox row; the worker does the network call."""
    settings.XAPI_LRS_ENDPOINT = "http://127.0.0.1:9/"  # discard port: nothing listens
    course = make_course(lessons=1, pre=False, post=False)
    log_in(client, trainee)
    response = client.post(f"/en/learning/courses/{course.pk}/enrol/")
    assert response.status_code == 302
    statement = XapiStatement.objects.get(user=trainee)
    assert statement.sent_at is None and statement.attempts == 0
    XapiStatement.objects.exclude(pk=statement.pk).update(sent_at=timezone.now(), status="sent")
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 1}
    statement.refresh_from_db()
    assert statement.attempts == 1 and statement.sent_at is None


def test_without_an_endpoint_nothing_is_sent(settings, db):
    settings.XAPI_LRS_ENDPOINT = ""
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 0}


def test_the_worker_command_sends_due_statements(lrs, make_course, trainee):
    from io import StringIO

    from django.core.management import call_command

    complete(make_course(lessons=1, pre=False, post=False), trainee)
    out = StringIO()
    call_command("xapi_send", stdout=out)
    assert "4 sent, 0 to retry" in out.getvalue()
    assert len(lrs.stored) == 4
