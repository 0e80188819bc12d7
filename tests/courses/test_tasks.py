"""Background tasks: the database backend and its worker, the periodic schedule, the emails
and the certificate expiry reminders (sent once, the database deciding)."""

import re
import signal
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from courses.models import Certificate, Enrolment, XapiStatement
from courses.services import accounts, certificates
from courses.services.accounts import registration_request_create, user_invite
from courses.xapi.sending import xapi_forward
from ctps_common.models import PeriodicTaskRun
from ctps_common.periodic import periodic_enqueue_due, periodic_tasks

from .conftest import PASSWORD
from .lrs import StrictLrs
from .records import complete

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are only recorded (enqueued), not run."""
    settings.TASKS = DUMMY
    backend = task_backends["default"]
    backend.clear()
    return backend


def enqueued(backend, task):
    return [r for r in backend.results if r.task.func is task.func]


@pytest.fixture
def restore_signals():
    """The worker installs SIGINT/SIGTERM handlers (graceful shutdown); put pytest's back."""
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


# --- the database backend and its worker (real transactions: the worker commits) ---


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_an_enqueued_task(settings, make_course, trainee, restore_signals):
    settings.XAPI_LRS_ENDPOINT = ""
    complete(make_course(lessons=1, pre=False, post=False), trainee)
    XapiStatement.objects.exclude(user=trainee).update(status="sent")
    lrs = StrictLrs()
    settings.XAPI_LRS_ENDPOINT = lrs.url
    settings.TASKS = DATABASE
    try:
        result = xapi_forward.enqueue()
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == "READY" and row.task_path == "courses.xapi.sending.xapi_forward"
        assert XapiStatement.objects.filter(user=trainee, status="pending").count() == 4
        out = StringIO()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, verbosity=0
        )
    finally:
        lrs.close()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value == {"sent": 4, "failed": 0, "retry": 0}
    assert len(lrs.stored) == 4
    assert not XapiStatement.objects.filter(user=trainee).exclude(status="sent").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_worker_enqueues_due_periodic_tasks_and_runs_them(
    settings, make_course, restore_signals
):
    settings.TASKS = DATABASE
    holder = _certificate_expiring_in(days=10, make_course=make_course)
    PeriodicTaskRun.objects.all().delete()
    call_command("tasks_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    runs = set(PeriodicTaskRun.objects.values_list("name", flat=True))
    assert {"courses.xapi_forward", "courses.certificate_reminders"} <= runs
    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    paths = set(done.values_list("task_path", flat=True))
    assert "courses.services.certificates.certificate_reminders_send" in paths
    assert [m.to for m in mail.outbox] == [[holder.email]]
    # Ran again at once: nothing is due, nothing is enqueued, nobody is reminded twice.
    count = DBTaskResult.objects.count()
    call_command("tasks_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert DBTaskResult.objects.count() == count and len(mail.outbox) == 1


# --- the periodic schedule ---


def test_each_period_is_enqueued_once(dummy_tasks, db):
    PeriodicTaskRun.objects.all().delete()
    now = timezone.now()
    names = periodic_enqueue_due(now=now)
    assert set(names) == set(periodic_tasks())
    assert enqueued(dummy_tasks, xapi_forward)
    # A second worker ticking at the same moment enqueues nothing.
    assert periodic_enqueue_due(now=now) == []
    assert periodic_enqueue_due(now=now + timedelta(seconds=59)) == []
    assert periodic_enqueue_due(now=now + timedelta(seconds=60)) == ["courses.xapi_forward"]
    assert len(enqueued(dummy_tasks, xapi_forward)) == 2
    later = now + timedelta(hours=1, seconds=1)
    assert "courses.certificate_reminders" in periodic_enqueue_due(now=later)


def test_the_site_adjusts_the_schedule(settings, dummy_tasks, db):
    PeriodicTaskRun.objects.all().delete()
    settings.CTPS_PERIODIC_TASKS = {
        "courses.certificate_reminders": None,
        "courses.xapi_forward": 300,
        "tests.forward_again": ("courses.xapi.sending.xapi_forward", 3600),
    }
    schedule = periodic_tasks()
    assert "courses.certificate_reminders" not in schedule
    assert schedule["courses.xapi_forward"].every == timedelta(seconds=300)
    now = timezone.now()
    assert "tests.forward_again" in periodic_enqueue_due(now=now)
    assert periodic_enqueue_due(now=now + timedelta(seconds=60)) == []
    # A shorter interval applies to a run scheduled with the longer one: it comes no later
    # than one new interval after the change.
    settings.CTPS_PERIODIC_TASKS = {"courses.xapi_forward": 30}
    assert "courses.xapi_forward" not in periodic_enqueue_due(now=now + timedelta(seconds=31))
    assert "courses.xapi_forward" in periodic_enqueue_due(now=now + timedelta(seconds=62))


def test_the_periodic_command_with_the_immediate_backend_runs_them(db):
    PeriodicTaskRun.objects.all().delete()
    out = StringIO()
    call_command("tasks_periodic", stdout=out)
    assert "courses.xapi_forward" in out.getvalue()
    call_command("tasks_periodic", stdout=out)
    assert "nothing due" in out.getvalue()


def test_xapi_send_runs_the_forwarding_task_and_the_loop_is_gone(db):
    out = StringIO()
    call_command("xapi_send", stdout=out)
    assert "0 sent" in out.getvalue()
    with pytest.raises(CommandError, match="tasks_worker"):
        call_command("xapi_send", "--loop")


# --- emails ---


def test_an_invitation_is_a_task_that_makes_its_link_when_it_runs(dummy_tasks, db, client):
    with translation.override("en"):  # the staff member's language when inviting
        user, created = user_invite(email="New.Person@example.org", first_name="Ama", country="GH")
    assert created and not mail.outbox
    (result,) = enqueued(dummy_tasks, accounts.account_email_send)
    assert result.kwargs == {
        "user_id": user.pk,
        "kind": "invitation",
        "domain": "testserver",
        "use_https": False,
        "language": "en",
    }  # ids only: no token waits in the task table
    assert result.task.call(**result.kwargs) == "sent"
    (email,) = mail.outbox
    assert email.to == ["new.person@example.org"] and "Hello Ama" in email.body
    link = re.search(r"http://testserver(/en/learning/password/\S+/)", email.body)[1]
    assert client.get(link).status_code == 302  # Django's set-password form takes the token
    # Once the password is set, a late invitation task sends nothing.
    user.set_password(PASSWORD)
    user.save()
    assert result.task.call(**result.kwargs) == "password already set"


def test_a_password_reset_link_is_sent_by_a_task(dummy_tasks, client, trainee):
    response = client.post("/fr/learning/password-reset/", {"email": trainee.email})
    assert response.status_code == 302 and not mail.outbox
    (result,) = enqueued(dummy_tasks, accounts.account_email_send)
    assert result.kwargs["kind"] == "password_reset" and result.kwargs["language"] == "fr"
    result.task.call(**result.kwargs)
    (email,) = mail.outbox
    assert email.to == [trainee.email]
    assert re.search(r"http://testserver/fr/learning/password/\S+/", email.body)


def test_registration_approval_is_emailed_by_a_task(dummy_tasks, db, make_user):
    request_obj = registration_request_create(
        email="self@example.org",
        first_name="Efua",
        last_name="Mensah",
        password=PASSWORD,
        country="GH",
    )
    staff = make_user("programme@example.org", "Programme staff")
    with translation.override("en"):  # the staff member's language when deciding
        accounts.registration_request_decide(
            request_obj=request_obj, approve=True, decided_by=staff
        )
    assert not mail.outbox
    (result,) = enqueued(dummy_tasks, accounts.registration_approved_send)
    result.task.call(**result.kwargs)
    assert mail.outbox[0].to == ["self@example.org"]
    assert "/en/learning/login/" in mail.outbox[0].body


# --- certificate expiry reminders ---


def _certificate_expiring_in(*, days, make_course, email="holder@example.org", language="en"):
    from .conftest import register_in_capability

    user = User.objects.create_user(email, email, PASSWORD, first_name="Abena", last_name="Ofori")
    register_in_capability(user)
    complete(make_course(lessons=1, pre=False, post=False), user)
    Certificate.objects.filter(user=user).update(
        expires_at=timezone.now() + timedelta(days=days), language=language
    )
    return user


def test_a_holder_is_reminded_once_thirty_days_before_expiry(db, make_course):
    soon = _certificate_expiring_in(days=29, make_course=make_course)
    _certificate_expiring_in(days=31, make_course=make_course, email="later@example.org")
    _certificate_expiring_in(days=-1, make_course=make_course, email="expired@example.org")
    revoked = _certificate_expiring_in(days=5, make_course=make_course, email="rev@example.org")
    Certificate.objects.filter(user=revoked).update(revoked_at=timezone.now(), revoke_reason="test")
    mail.outbox.clear()
    assert certificates.certificates_remind() == 1
    (email,) = mail.outbox
    certificate = Certificate.objects.get(user=soon)
    assert email.to == [soon.email]
    assert certificate.course_title in email.subject
    assert certificate.code_display in email.body and "/en/learning/my/" in email.body
    assert certificate.reminder_sent_at is not None
    # Once: later runs (another worker, the next hour) send nothing more.
    assert certificates.certificates_remind() == 0
    assert certificates.certificate_reminders_send.call() == 0
    assert len(mail.outbox) == 1


def test_the_database_decides_who_sends_a_reminder(db, make_course, monkeypatch):
    """Two workers found the same certificate due: the conditional UPDATE lets one send."""
    _certificate_expiring_in(days=10, make_course=make_course)
    mail.outbox.clear()
    due = Certificate.objects.reminder_due
    claimed_meanwhile = []

    def due_then_claimed_by_another_worker(**kwargs):
        rows = due(**kwargs)
        ids = list(rows.values_list("pk", flat=True))
        Certificate.objects.filter(pk__in=ids).update(reminder_sent_at=timezone.now())
        claimed_meanwhile.extend(ids)
        return Certificate.objects.filter(pk__in=ids)

    monkeypatch.setattr(Certificate.objects, "reminder_due", due_then_claimed_by_another_worker)
    assert certificates.certificates_remind() == 0
    assert claimed_meanwhile and not mail.outbox


def test_a_failed_reminder_is_given_back_for_the_next_run(db, make_course, monkeypatch):
    holder = _certificate_expiring_in(days=10, make_course=make_course)
    mail.outbox.clear()

    def smtp_down(**kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(certificates, "certificate_reminder_send", smtp_down)
    assert certificates.certificates_remind() == 0
    assert Certificate.objects.get(user=holder).reminder_sent_at is None
    monkeypatch.undo()
    assert certificates.certificates_remind() == 1 and len(mail.outbox) == 1


def test_renewed_certificates_are_not_reminded_and_reminders_speak_french(db, make_course):
    holder = _certificate_expiring_in(days=10, make_course=make_course, language="fr")
    old = Certificate.objects.get(user=holder)
    renewed = _certificate_expiring_in(days=12, make_course=make_course, email="renew@example.org")
    first = Certificate.objects.get(user=renewed)
    Certificate.objects.create(
        user=renewed,
        course=first.course,
        course_key=first.course_key,
        completed_at=first.completed_at + timedelta(days=1),
        code="RENEWEDCODE00000",
        holder_name=first.holder_name,
        course_title=first.course_title,
        language="en",
        hours=first.hours,
        expires_at=timezone.now() + timedelta(days=700),
    )
    mail.outbox.clear()
    assert certificates.certificates_remind() == 1
    (email,) = mail.outbox
    assert email.to == [holder.email]
    assert "expire" in email.subject.lower() or "expire" in email.body.lower()
    assert "/fr/learning/" in email.body
    assert "Votre certificat" in email.body or "votre certificat" in email.body.lower()
    assert Certificate.objects.get(pk=old.pk).reminder_sent_at is not None


# --- the demo's statements carry the times of its events ---


def test_demo_statements_are_stamped_when_the_demo_learning_happened(demo):
    grace = Enrolment.objects.get(user__username="grace.wanjiru@ctps.example")
    statements = XapiStatement.objects.filter(user=grace.user)
    assert statements.count() > 5
    for row in statements:
        assert row.statement["context"]["registration"] == str(grace.registration)
        assert row.timestamp.isoformat() == row.statement["timestamp"]
        assert grace.enrolled_at <= row.timestamp <= grace.completed_at
    completed = [
        row
        for row in statements
        if row.verb.endswith("/completed")
        and row.statement["object"]["id"].endswith("/")
        and "contextActivities" in row.statement["context"]
        and "parent" not in row.statement["context"]["contextActivities"]
    ]
    assert [row.timestamp for row in completed] == [grace.completed_at]
    assert grace.completed_at < timezone.now() - timedelta(days=600)
    # Events are spread over days, in the order they happened.
    stamps = sorted(statements.values_list("timestamp", flat=True))
    assert stamps[-1] - stamps[0] > timedelta(days=3)
    registered = statements.get(verb__endswith="/registered")
    assert registered.timestamp == grace.enrolled_at == stamps[0]


def test_finished_task_results_are_pruned_after_two_weeks(settings, db):
    from ctps_common.tasks import prune_task_results

    assert prune_task_results.call() == "no database backend"
    settings.TASKS = DATABASE
    old, recent = xapi_forward.enqueue(), xapi_forward.enqueue()
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=15)
    )
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2)
    )
    assert prune_task_results.call() == "pruned"
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {uuid.UUID(recent.id)}
