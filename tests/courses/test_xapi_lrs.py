"""xAPI statements a strict LRS accepts, and their delivery: claimed, sent outside any
transaction, refusals split down to the one statement refused, retried by staff."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from courses.models import Certificate, Enrolment, LessonCompletion, QuizAttempt, XapiStatement
from courses.xapi import sending
from courses.xapi.sending import (
    statements_claim,
    statements_mark_claimed,
    statements_retry,
    statements_send,
)
from tests.concurrency import at_once

from .lrs import StrictLrs
from .records import complete, log_in

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


@pytest.fixture
def lrs(settings, db):
    server = StrictLrs()
    settings.XAPI_LRS_ENDPOINT = server.url
    XapiStatement.objects.update(status="sent", sent_at=timezone.now())  # the demo's
    yield server
    server.close()


def mine(user):
    return XapiStatement.objects.filter(user=user)


def stamp(statement) -> datetime:
    return datetime.fromisoformat(statement["timestamp"])


def test_a_whole_course_is_accepted_by_a_strict_profile_validating_lrs(lrs, make_course, trainee):
    course = make_course(lessons=2, attempt_limit=0)
    enrolment = complete(course, trainee)
    assert statements_send(batch_size=50) == {"sent": 9, "failed": 0, "retry": 0}
    assert set(lrs.stored) == {str(pk) for pk in mine(trainee).values_list("pk", flat=True)}
    assert all(r["version"] == "1.0.3" for r in lrs.requests)
    registration = str(enrolment.registration)
    uuid.UUID(registration)
    course_iri = f"http://testserver{course.url}"
    for statement in lrs.stored.values():
        context = statement["context"]
        assert context["registration"] == registration
        activities = context["contextActivities"]
        assert activities["grouping"][0]["id"] == "http://testserver/xapi/programme/"
        assert activities["category"] == [
            {
                "objectType": "Activity",
                "id": "http://testserver/xapi/profile/",
                "definition": {"type": "http://adlnet.gov/expapi/activities/profile"},
            }
        ]
        if statement["object"]["id"] == course_iri:
            assert "parent" not in activities  # the course is not its own parent
        else:
            assert activities["parent"][0]["id"] == course_iri


def test_timestamps_are_when_the_learning_happened(db, make_course, trainee):
    course = make_course(lessons=2, attempt_limit=0)
    enrolment = complete(course, trainee)
    rows = {s.statement["id"]: s.statement for s in mine(trainee).order_by("stored", "pk")}.values()
    statements = list(rows)
    by_verb = {}
    for statement in statements:
        by_verb.setdefault(statement["verb"]["id"].rsplit("/", 1)[-1], []).append(statement)
    assert stamp(by_verb["registered"][0]) == enrolment.enrolled_at
    lessons = LessonCompletion.objects.filter(user=trainee).order_by("completed_at")
    lesson_statements = [
        s for s in by_verb["completed"] if s["object"]["definition"]["type"].endswith("lesson")
    ]
    assert [stamp(s) for s in lesson_statements] == [c.completed_at for c in lessons]
    attempts = QuizAttempt.objects.filter(user=trainee).order_by("started_at")
    assert [stamp(s) for s in by_verb["attempted"]] == [a.started_at for a in attempts]
    graded = by_verb["failed"] + by_verb["passed"]
    assert [stamp(s) for s in graded] == [a.submitted_at for a in attempts]
    (course_done,) = [s for s in by_verb["completed"] if s["object"]["id"].endswith(course.url)]
    enrolment.refresh_from_db()
    assert stamp(course_done) == enrolment.completed_at
    certificate = Certificate.objects.get(user=trainee)
    assert stamp(by_verb["satisfied"][0]) == certificate.issued_at == enrolment.completed_at
    # The column the export filters on agrees with the statement.
    for row in mine(trainee):
        assert row.timestamp == stamp(row.statement)


@pytest.fixture
def site_cache_cleared():
    """Site rows changed in a rolled-back transaction leave Wagtail's cached site root paths
    (and our page-tree caches) behind: clear them for the tests that follow."""
    yield
    Site.clear_site_root_paths_cache()
    cache.clear()


def test_iris_and_home_page_come_from_the_site_base_url(
    settings, db, make_course, trainee, site_cache_cleared
):
    """Not from Wagtail's Site record (localhost), nor from the host of the request."""
    settings.WAGTAILADMIN_BASE_URL = "https://learning.example.org/"
    default = Site.objects.get(is_default_site=True)
    Site.objects.filter(pk=default.pk).update(hostname="localhost", port=8000)
    # A second site: Wagtail then answers page URLs with the Site's host name.
    Site.objects.create(
        hostname="other.example", root_page_id=default.root_page_id, is_default_site=False
    )
    complete(make_course(lessons=1, attempt_limit=0), trainee)
    for row in mine(trainee):
        statement = row.statement
        assert statement["actor"]["account"]["homePage"] == "https://learning.example.org/"
        iris = [statement["object"]["id"]] + [
            a["id"] for group in statement["context"]["contextActivities"].values() for a in group
        ]
        assert all(iri.startswith("https://learning.example.org/") for iri in iris), iris


def _corrupt(row, **changes):
    row.statement = {**row.statement, **changes}
    row.save(update_fields=["statement"])


def test_one_conflicting_statement_is_failed_and_the_rest_flow(lrs, make_course, trainee):
    complete(make_course(lessons=3, attempt_limit=0), trainee)
    rows = list(mine(trainee).order_by("stored", "pk"))
    conflicting = rows[4]
    # The LRS already holds another statement under that id.
    lrs.stored[str(conflicting.pk)] = {**conflicting.statement, "verb": {"id": COMPLETED}}
    counts = statements_send(batch_size=50)
    assert counts == {"sent": len(rows) - 1, "failed": 1, "retry": 0}
    conflicting.refresh_from_db()
    assert conflicting.status == "failed" and conflicting.sent_at is None
    assert conflicting.last_error.startswith("HTTP 409")
    assert "conflicts with a stored one" in conflicting.last_error
    assert mine(trainee).filter(status="sent").count() == len(rows) - 1
    # Split in halves, not sent one by one: about two requests per halving for one refusal,
    # and one GET to see whether the LRS holds that very statement (it does not).
    posts = [r for r in lrs.requests if r["method"] == "POST"]
    assert len(posts) <= 2 * (len(rows) - 1).bit_length() + 1 < len(rows)
    assert [r["method"] for r in lrs.requests].count("GET") == 1
    # Not retried by itself: a refusal stays until staff retry it.
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 0}


def test_a_malformed_statement_gets_the_lrs_message(lrs, make_course, trainee):
    complete(make_course(lessons=1, attempt_limit=0), trainee)
    rows = list(mine(trainee).order_by("stored", "pk"))
    bad = rows[2]
    context = {**bad.statement["context"], "registration": "not-a-uuid"}
    _corrupt(bad, context=context)
    other = rows[-1]
    _corrupt(other, actor={"objectType": "Agent"})
    counts = statements_send(batch_size=50)
    assert counts == {"sent": len(rows) - 2, "failed": 2, "retry": 0}
    bad.refresh_from_db()
    other.refresh_from_db()
    assert bad.status == other.status == "failed"
    assert bad.last_error == "HTTP 400: context.registration must be a UUID, got 'not-a-uuid'"
    assert other.last_error == "HTTP 400: an Agent needs exactly one inverse functional identifier"
    assert str(bad.pk) not in lrs.stored and str(rows[0].pk) in lrs.stored


def test_the_same_statement_again_is_accepted_without_a_duplicate(lrs, make_course, trainee):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    assert statements_send()["sent"] == 4
    held = dict(lrs.stored)
    mine(trainee).update(status="pending", sent_at=None, next_attempt_at=timezone.now())
    assert statements_send() == {"sent": 4, "failed": 0, "retry": 0}
    assert lrs.stored == held


def test_a_409_for_the_very_statement_the_lrs_holds_counts_as_sent(
    settings, db, make_course, trainee
):
    """An LRS answering 409 to any known id (some do): we ask it for what it holds."""
    server = StrictLrs(conflict_on_any_id=True)
    settings.XAPI_LRS_ENDPOINT = server.url
    try:
        XapiStatement.objects.update(status="sent")
        complete(make_course(lessons=1, pre=False, post=False), trainee)
        assert statements_send()["sent"] == 4
        mine(trainee).update(status="pending", next_attempt_at=timezone.now())
        assert statements_send() == {"sent": 4, "failed": 0, "retry": 0}
        assert any(r["method"] == "GET" for r in server.requests)
    finally:
        server.close()


def test_an_unavailable_lrs_delays_the_batch_without_failing_it(lrs, make_course, trainee):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    lrs.unavailable = 1
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 4}
    rows = mine(trainee)
    assert set(rows.values_list("status", flat=True)) == {"pending"}
    assert all(r.attempts == 1 and "503" in r.last_error for r in rows)
    assert all(r.next_attempt_at > timezone.now() + timedelta(seconds=50) for r in rows)
    assert not rows.exclude(claim=None).exists()


def test_a_crash_between_claim_and_record_loses_nothing(lrs, make_course, trainee):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    token, claimed = statements_claim(batch_size=50)
    assert len(claimed) == 4
    # The worker dies here. Its rows are nobody else's until the lease ends...
    assert statements_send() == {"sent": 0, "failed": 0, "retry": 0}
    assert not lrs.requests
    # ...then they are due again, sent once and recorded.
    later = timezone.now() + timedelta(seconds=sending.CLAIM_LEASE + 1)
    token2, again = statements_claim(batch_size=50, now=later)
    assert {r.pk for r in again} == {r.pk for r in claimed} and token2 != token
    delivery = sending.deliver([r.statement for r in again], deadline=float("inf"))
    sending.statements_record(token=token2, rows=again, delivery=delivery)
    # The dead worker's late record changes nothing: the rows are no longer its claim.
    sending.statements_record(
        token=token,
        rows=claimed,
        delivery=sending.Delivery(retry=dict.fromkeys([str(r.pk) for r in claimed], "late")),
    )
    assert set(mine(trainee).values_list("status", flat=True)) == {"sent"}
    assert sorted(lrs.posted_ids()) == sorted(str(r.pk) for r in claimed)


def test_a_claim_is_exclusive_even_when_two_workers_read_the_same_rows(lrs, make_course, trainee):
    """Both workers saw the same due rows (no row locks on SQLite): the conditional UPDATE
    gives them to the first one only."""
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    now = timezone.now()
    ids = list(XapiStatement.objects.due(now=now).values_list("pk", flat=True))
    first, second = uuid.uuid4(), uuid.uuid4()
    assert statements_mark_claimed(ids, token=first, now=now) == 4
    assert statements_mark_claimed(ids, token=second, now=now) == 0
    assert set(mine(trainee).values_list("claim", flat=True)) == {first}
    assert statements_claim(batch_size=50)[1] == []


def test_no_request_to_the_lrs_happens_inside_a_transaction(
    lrs, make_course, trainee, monkeypatch, django_capture_on_commit_callbacks
):
    """Claim and record are short transactions, committed before and after the POST; the
    learning events enqueue the forwarding task once they commit (the immediate backend then
    runs it at once, outside their transactions)."""
    baseline = len(connection.atomic_blocks)  # the test's own transaction
    post = sending._post
    depths = []

    def checked_post(batch):
        depths.append(len(connection.atomic_blocks) - baseline)
        return post(batch)

    monkeypatch.setattr(sending, "_post", checked_post)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        complete(make_course(lessons=1, attempt_limit=0), trainee)
    assert callbacks and depths and set(depths) == {0}
    assert not mine(trainee).exclude(status="sent").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="two concurrent workers need a database with row locks (PostgreSQL)",
)
def test_two_workers_sending_at_once_send_each_statement_once(settings, make_course, trainee):
    settings.XAPI_LRS_ENDPOINT = ""  # the events' own forwarding sends nothing yet
    XapiStatement.objects.update(status="sent")
    course = make_course(lessons=8, attempt_limit=0)
    for user in [trainee, *_more_trainees(2)]:
        complete(course, user)
    due = XapiStatement.objects.due().count()
    assert due >= 30
    server = StrictLrs(delay=0.02)
    settings.XAPI_LRS_ENDPOINT = server.url
    try:
        results = at_once(lambda: statements_send(batch_size=3), 2)
    finally:
        server.close()
    errors = [result for result in results if isinstance(result, str)]
    assert not errors
    assert sum(r["sent"] for r in results) == due
    assert all(r["sent"] for r in results), "both workers took a share"
    posted = server.posted_ids()
    assert len(posted) == len(set(posted)) == due  # each statement sent once, by one worker
    assert not XapiStatement.objects.exclude(status="sent").exists()


def _more_trainees(n):
    from django.contrib.auth.models import User

    from .conftest import PASSWORD, register_in_capability

    users = []
    for i in range(n):
        user = User.objects.create_user(f"t{i}@example.org", f"t{i}@example.org", PASSWORD)
        register_in_capability(user)
        users.append(user)
    return users


# --- the statements in the Wagtail admin ---


def test_staff_see_the_statements_by_status_and_retry_a_failed_one(
    lrs, client, make_course, trainee, make_user, django_capture_on_commit_callbacks
):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    rows = list(mine(trainee).order_by("stored", "pk"))
    lrs.stored[str(rows[1].pk)] = {**rows[1].statement, "verb": {"id": COMPLETED}}
    statements_send()
    failed = XapiStatement.objects.get(pk=rows[1].pk)
    assert failed.status == "failed"
    staff = make_user("programme@example.org", "Programme staff")
    log_in(client, staff)
    listing = client.get("/admin/courses/xapi-statements/", {"status": "failed"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Retry failed statements" in html and f"retry/{failed.pk}/" in html
    inspect = client.get(f"/admin/courses/xapi-statements/inspect/{failed.pk}/")
    assert inspect.status_code == 200 and "conflicts with a stored one" in inspect.content.decode()
    # Statements are records: no add, edit or delete, even with every permission.
    for url in ("new/", f"edit/{failed.pk}/", f"delete/{failed.pk}/"):
        assert denied(client.get(f"/admin/courses/xapi-statements/{url}")), url
    confirm = client.get(f"/admin/courses/xapi-statements/retry/{failed.pk}/")
    assert confirm.status_code == 200
    # The LRS no longer holds the other statement; the retry sends it (immediate backend).
    del lrs.stored[str(failed.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/courses/xapi-statements/retry/{failed.pk}/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.last_error == "" and str(failed.pk) in lrs.stored


def test_retry_all_failed_is_scoped_and_permission_checked(
    lrs, client, make_course, trainee, make_user
):
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    mine(trainee).update(status="failed", last_error="HTTP 400: refused")
    country = make_user("country@example.org", "Country staff")
    log_in(client, country)
    assert denied(client.post("/admin/courses/xapi-statements/retry-failed/"))
    assert not mine(trainee).exclude(status="failed").exists()
    client.logout()
    log_in(client, make_user("programme@example.org", "Programme staff"))
    assert client.post("/admin/courses/xapi-statements/retry-failed/").status_code == 302
    assert set(mine(trainee).values_list("status", flat=True)) == {"pending"}
    assert statements_retry(XapiStatement.objects.all()) == 0  # none failed any more


def denied(response) -> bool:
    """403, or Wagtail's answer to a refusal: back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


def test_country_staff_reach_only_their_countries_statements(client, demo, make_course):
    if not apps.is_installed("capability.register"):
        pytest.skip("country scoping comes from the capability plugin")
    from django.contrib.auth.models import User

    from capability.register.models import Country
    from capability.register.services import person_for_user

    from .conftest import PASSWORD

    course = make_course(lessons=1, pre=False, post=False)
    trainees = {}
    for code in ("GH", "KE"):
        user = User.objects.create_user(f"{code}@example.org", f"{code}@example.org", PASSWORD)
        person_for_user(
            user=user,
            country=Country.objects.get(code=code),
            organisation=None,
            sex="F",
            rank="Officer",
            consent=True,
            given_name=code,
            family_name="Trainee",
        )
        complete(course, user)
        trainees[code] = user
    staff = User.objects.get(username="country.staff@ctps.example")  # Ghana
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["view_xapistatement", "change_xapistatement"],
        )
    )
    mine(trainees["KE"]).update(status="failed")
    client.force_login(staff)
    html = client.get("/admin/courses/xapi-statements/", {"q": "example.org"}).content.decode()
    assert "gh@example.org" in html.lower() and "ke@example.org" not in html.lower()
    kenyan = mine(trainees["KE"]).first()
    assert denied(client.get(f"/admin/courses/xapi-statements/inspect/{kenyan.pk}/"))
    assert denied(client.post(f"/admin/courses/xapi-statements/retry/{kenyan.pk}/"))
    client.post("/admin/courses/xapi-statements/retry-failed/")
    assert set(mine(trainees["KE"]).values_list("status", flat=True)) == {"failed"}


def test_enrolment_registrations_are_unique_uuids(db, make_course, trainee, make_user):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, trainee)
    complete(course, make_user("other@example.org", "Trainee"))
    values = list(Enrolment.objects.values_list("registration", flat=True))
    assert len(values) == len(set(values)) and all(isinstance(v, uuid.UUID) for v in values)
