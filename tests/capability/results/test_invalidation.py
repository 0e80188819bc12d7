"""Narrow invalidation of the dashboards' cache: each dashboard is dropped by the models it
reads, and by nothing else (capability/results/indicators/cache.py).

- the declared models are exactly those whose tables the aggregates' SQL reads;
- a write to each feeding model (save, delete, queryset update) drops exactly the dashboards
  it feeds; a trainee's lessons, quiz attempts started, xAPI statements, sessions and
  sign-ins drop none; a graded test does drop the learning figures;
- an import of many rows gives each dashboard one new version.
"""

import datetime
import io
import re
import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from capability.register import spreadsheets
from capability.register.imports import attendance_import
from capability.register.models import Workshop
from capability.results.dashboards import DASHBOARDS, dashboard_data
from capability.results.indicators import cache as dashboards_cache
from capability.results.indicators.cache import (
    IGNORED_FIELDS,
    cache_key,
    installed_model,
    invalidate,
    partial_reads,
    reads,
)
from capability.results.indicators.queries import QUERIES, scope_for
from ctps_common.writes import SignallingQuerySet

from ..conftest import GHANA_STAFF, MANAGER

ALL = frozenset(DASHBOARDS)
TRAINING = frozenset({"overview", "trend", "disaggregation", "learning"})
# Written by hand from the aggregates (dashboards/*.py, indicators/queries.py): what a write
# to each model must drop. The cache module's `reads()` must agree.
EXPECTED = {
    "capability.Country": frozenset({"overview", "trend", "disaggregation", "competencies"}),
    "capability.Organisation": frozenset({"overview", "disaggregation"}),
    "capability.Person": ALL,
    "capability.Workshop": TRAINING,
    "capability.Attendance": TRAINING,
    "capability.CompetencyEvidence": frozenset({"overview", "competencies"}),
    "capability.Competency": frozenset({"competencies"}),
    "capability.ProficiencyLevel": frozenset({"competencies"}),
    "capability_results.Indicator": frozenset({"overview", "trend"}),
    "capability_results.IndicatorBaseline": frozenset({"overview"}),
    "capability_results.IndicatorTarget": frozenset({"overview", "trend"}),
    "capability_results.IndicatorValue": frozenset({"overview"}),
    "capability_results.Deliverable": frozenset({"overview"}),
    "capability_results.FollowUp": frozenset({"overview"}),
    "courses.Enrolment": TRAINING,
    "courses.CoursePage": frozenset({"overview", "learning"}),
    "courses.Certificate": frozenset({"overview"}),
    "courses.SurveyResponse": frozenset({"overview"}),
}
# Models whose rows imports, the synthetic data or the courses plugin write in bulk (update,
# bulk_create, bulk_update): their querysets must signal those writes.
BULK_WRITTEN = set(EXPECTED) - {"courses.CoursePage", "courses.SurveyResponse"}
# Joined on the way from an enrolment to its trainee's register entry; never read for itself
# (a sign-in updates it: that must not drop the dashboards).
JOIN_ONLY = {"auth.User"}


@pytest.fixture
def scope(demo):
    return scope_for(get_user_model().objects.get(username=MANAGER))


def cache_all(scope) -> None:
    invalidate()
    for slug in DASHBOARDS:
        dashboard_data(slug, scope)
    assert still_cached(scope) == ALL


def still_cached(scope) -> frozenset[str]:
    return frozenset(
        slug for slug in DASHBOARDS if cache.get(cache_key(slug, scope.key())) is not None
    )


def dropped(scope) -> frozenset[str]:
    return ALL - still_cached(scope)


def installed(label: str):
    model = installed_model(label)
    if model is None:
        pytest.skip(f"{label} is not installed with these settings")
    return model


# --- what the dashboards read ---------------------------------------------------------------


def tables_of(label: str) -> set[str]:
    model = installed_model(label)
    if model is None:
        return set()
    return {model._meta.db_table} | {parent._meta.db_table for parent in model._meta.parents}


def tables_read(sql: list[str]) -> set[str]:
    known = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return {name for query in sql for name in re.findall(r'"(\w+)"', query) if name in known}


def sql_of(slug: str, scopes) -> list[str]:
    sql = []
    for scope in scopes:
        invalidate()
        with CaptureQueriesContext(connection) as captured:
            DASHBOARDS[slug].aggregates(scope)
            if slug == "overview":  # every computation, whichever indicators the data defines
                for query in QUERIES.values():
                    query(scope)
        sql += [query["sql"] for query in captured]
    return sql


@pytest.mark.parametrize("slug", sorted(DASHBOARDS))
def test_each_dashboard_declares_exactly_the_models_its_sql_reads(scope, slug):
    ghana = scope_for(get_user_model().objects.get(username=GHANA_STAFF))
    read = tables_read(sql_of(slug, [scope, ghana]))  # all countries, and one: other joins
    declared = {label: tables_of(label) for label in reads()[slug]}
    allowed = set().union(*declared.values(), *(tables_of(label) for label in JOIN_ONLY))
    assert read <= allowed, f"{slug} reads tables no declared model covers: {read - allowed}"
    unread = [label for label, tables in declared.items() if tables and not tables & read]
    assert not unread, f"{slug} declares models it never reads: {unread}"


def test_fields_ignored_are_read_by_no_dashboard(scope):
    ghana = scope_for(get_user_model().objects.get(username=GHANA_STAFF))
    sql = " ".join(query for slug in DASHBOARDS for query in sql_of(slug, [scope, ghana]))
    for label, fields in IGNORED_FIELDS.items():
        model = installed_model(label)
        if model is None:
            continue
        for name in fields:
            column = model._meta.get_field(name).column
            assert f'"{column}"' not in sql, f"a dashboard reads {label}.{name}"


def test_the_hand_written_table_matches_the_cache_module():
    declared = {}
    for slug, labels in reads().items():
        for label in labels:
            declared.setdefault(label, set()).add(slug)
    assert set(DASHBOARDS) == set(reads())
    assert {label: frozenset(slugs) for label, slugs in declared.items()} == EXPECTED


# --- a write to each feeding model drops exactly the dashboards it feeds --------------------


def any_row(model):
    row = model.objects.order_by("pk").first()
    assert row is not None, f"the demo has no {model._meta.label}"
    return row


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_a_save_drops_exactly_the_dashboards_the_model_feeds(scope, label):
    model = installed(label)
    row = any_row(model)
    cache_all(scope)
    row.save()
    assert dropped(scope) == EXPECTED[label]


@pytest.mark.parametrize("label", sorted(BULK_WRITTEN))
def test_a_bulk_update_drops_exactly_the_dashboards_the_model_feeds(scope, label):
    model = installed(label)
    assert isinstance(model.objects.all(), SignallingQuerySet), f"{label} bulk writes unseen"
    row = any_row(model)
    ignored = IGNORED_FIELDS.get(label, set())
    field = next(
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ignored and not f.is_relation
    )
    # Dashboards reading some fields or rows only (partial_reads) are dropped when they read
    # this field of this row.
    partial = partial_reads().get(label, {})
    expected = frozenset(
        slug
        for slug in EXPECTED[label]
        if slug not in partial
        or field.name in partial[slug].fields
        and all(getattr(row, name) is not None for name in partial[slug].present - {field.name})
    )
    cache_all(scope)
    model.objects.filter(pk=row.pk).update(**{field.attname: getattr(row, field.attname)})
    assert dropped(scope) == expected
    cache_all(scope)
    model.objects.bulk_update([row], [field.name])
    assert dropped(scope) == expected


def test_a_delete_and_a_bulk_create_drop_the_dashboards_fed(scope):
    from capability.register.models import Attendance

    attendance = any_row(Attendance)
    cache_all(scope)
    attendance.delete()
    assert dropped(scope) == EXPECTED["capability.Attendance"]
    cache_all(scope)
    attendance.pk = None
    Attendance.objects.bulk_create([attendance])
    assert dropped(scope) == EXPECTED["capability.Attendance"]


def test_writes_to_models_no_dashboard_reads_drop_nothing(scope):
    from django.utils import timezone

    from capability.register.models import StaffCountry
    from ctps_common.models import PendingImport

    user = get_user_model().objects.get(username=MANAGER)
    cache_all(scope)
    user.last_login = datetime.datetime.now(datetime.UTC)
    user.save(update_fields=["last_login"])
    user.save()
    for staff in StaffCountry.objects.all()[:1]:
        staff.save()
    PendingImport.objects.create(
        user=user, filename="x.xlsx", content=b"x", expires_at=timezone.now()
    )
    assert dropped(scope) == frozenset()


def test_writes_of_enrolment_fields_no_dashboard_reads_drop_nothing(scope):
    enrolment = any_row(installed("courses.Enrolment"))
    Enrolment = type(enrolment)
    cache_all(scope)
    Enrolment.objects.filter(pk=enrolment.pk).update(progress_version=uuid.uuid4())
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=None)
    enrolment.save(update_fields=["progress_version"])
    assert dropped(scope) == frozenset()
    Enrolment.objects.filter(pk=enrolment.pk).update(pre_score=enrolment.pre_score)
    # the dashboards reading scores; learning only enrolments with both
    scored = enrolment.post_score is not None
    assert dropped(scope) == {"overview", "learning"} if scored else {"overview"}


# --- a trainee's activity through the site --------------------------------------------------


def test_a_trainees_lessons_and_attempts_leave_the_dashboards_cached_until_a_test_is_graded(
    scope, client, django_capture_on_commit_callbacks
):
    """Kwame (demo: pre-test taken, one lesson done) signs in, reads and completes every
    lesson, starts the post-test (xAPI statements, progress versions, a session, a quiz
    attempt): every dashboard stays cached. Submitting the post-test changes his score and
    completes the course: the dashboards fed by enrolments (and certificates) are dropped."""
    installed("courses.Enrolment")
    from courses.demo import correct_answers
    from courses.models import CoursePage, QuizAttempt

    User = get_user_model()
    trainee = User.objects.get(username="trainee@ctps.example")
    enrolment = trainee.enrolments.get()
    course = CoursePage.objects.get(
        translation_key=enrolment.course_key, locale=enrolment.course.locale
    )
    cache_all(scope)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.login(username=trainee.username, password="ctps-demo-2026")
        assert client.get(course.url).status_code == 200
        for lesson in course.lessons():
            assert client.get(lesson.url).status_code == 200
            response = client.post(f"/en/learning/lessons/{lesson.pk}/complete/")
            assert response.status_code == 302
        response = client.post(f"/en/learning/courses/{course.pk}/test/post/")
        assert response.status_code == 302
        attempt = QuizAttempt.objects.get(user=trainee, kind="post", status="open")
        assert client.get(f"/en/learning/attempts/{attempt.pk}/").status_code == 200
    assert dropped(scope) == frozenset()
    answers = correct_answers(attempt, wrong=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/learning/attempts/{attempt.pk}/", {key: answers.getlist(key) for key in answers}
        )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert dropped(scope) >= TRAINING


# --- imports: one new version per import ----------------------------------------------------


@pytest.fixture
def versions_set(monkeypatch):
    """Every write of new versions to the cache: the caches it bumped."""
    from ctps_common import cache as shared

    calls = []
    original = shared._set_new_versions

    def record(caches):
        calls.append({versioned.namespace for versioned in caches})
        original(caches)

    monkeypatch.setattr(shared, "_set_new_versions", record)
    return calls


def test_an_import_of_many_rows_bumps_each_dashboard_once(
    scope, versions_set, django_capture_on_commit_callbacks
):
    workshop = Workshop.objects.get(code="demo-gh-01")
    organisation = workshop.country.organisations.first()
    rows = [
        {
            "given_name": f"Given{n}",
            "family_name": "Imported",
            "sex": "F",
            "organisation": organisation.name,
            "role": "participant",
            "pre_test": 40,
            "post_test": 70,
            "certified": "yes",
        }
        for n in range(200)
    ]
    sheet = spreadsheets.read_attendance(
        spreadsheets.attendance_workbook(workshop_code=workshop.code, rows=rows)
    )
    staff = get_user_model().objects.get(username=GHANA_STAFF)
    cache_all(scope)
    versions_set.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan = attendance_import(sheet=sheet, workshop=None, user=staff, answers={})
        assert len(versions_set) == 1  # once during the import's transaction...
    assert plan.counts["new"] == 200
    assert len(callbacks) == 1 and len(versions_set) == 2  # ...and once more on commit
    dashboards = {versioned.namespace for versioned in dashboards_cache.caches.values()}
    assert versions_set[0] == versions_set[1] == dashboards  # people, attendance, evidence
    assert dropped(scope) == ALL


def test_a_resource_import_bumps_once_per_file(login, scope, versions_set):
    """People imported through the admin (django-import-export, bulk writes per batch): the
    preview (a dry run, rolled back) and the confirmation each bump once, whatever the rows."""
    organisation = Workshop.objects.get(code="demo-gh-01").country.organisations.first()
    workbook = Workbook()
    workbook.active.append(["id", "given_name", "family_name", "sex", "country", "organisation"])
    for n in range(120):
        workbook.active.append([None, f"Res{n}", "Imported", "M", "GH", organisation.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = login(GHANA_STAFF)
    response = client.post(
        "/admin/capability_person/import/",
        {"file": SimpleUploadedFile("people.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = response["Location"]
    person_feeds = {
        dashboards_cache.caches[slug].namespace for slug in EXPECTED["capability.Person"]
    }
    cache_all(scope)
    versions_set.clear()
    assert "120 new" in client.get(preview).content.decode()
    assert versions_set == [person_feeds]
    versions_set.clear()
    assert client.post(preview, {"confirm": "1"}).status_code == 302
    # the test's transaction never commits: only the bump at the end of the import
    assert versions_set == [person_feeds]
    assert dropped(scope) == EXPECTED["capability.Person"]
