"""Dashboards that read only some fields or rows of a model are dropped only by writes that
can change what they read (capability/results/indicators/cache.py, `partial_reads()`).

Trend and disaggregation count completed enrolments only, learning the enrolments with both
test scores, the overview every enrolment: a trainee's enrolment drops the overview alone, so
does a graded pre-test (no post-test score yet), a completion every dashboard reading
enrolments, a survey answer the overview alone. The declared fields are checked against the SQL the
aggregates run.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from capability.results.dashboards import DASHBOARDS
from capability.results.indicators.cache import installed_model, partial_reads, reads
from capability.results.indicators.queries import scope_for

from ..conftest import GHANA_STAFF
from .test_invalidation import ALL, EXPECTED, TRAINING, cache_all, dropped, installed, sql_of
from .test_invalidation import scope as scope  # noqa: PLC0414 - the fixture, shared

ENROLMENT = "courses.Enrolment"
OVERVIEW = frozenset({"overview"})
SCORES = frozenset({"overview", "learning"})
COMPLETION = frozenset({"overview", "trend", "disaggregation"})


def columns(label: str) -> set[str]:
    model = installed_model(label)
    return {field.column for field in model._meta.concrete_fields} if model else set()


@pytest.mark.parametrize("slug", sorted(partial_reads()[ENROLMENT]))
def test_each_partial_reader_declares_exactly_the_enrolment_fields_its_sql_reads(scope, slug):
    """Columns of the enrolment no other table read by the dashboard has (so that a quoted
    name in the SQL can only be the enrolment's): read if and only if declared."""
    Enrolment = installed(ENROLMENT)
    ghana = scope_for(get_user_model().objects.get(username=GHANA_STAFF))
    sql = " ".join(sql_of(slug, [scope, ghana]))
    quoted = set(re.findall(r'"(\w+)"', sql))
    others = set().union(*(columns(label) for label in reads()[slug] if label != ENROLMENT))
    partial = partial_reads()[ENROLMENT][slug]
    declared = {Enrolment._meta.get_field(name).column for name in partial.fields}
    assert partial.present <= partial.fields
    for field in Enrolment._meta.concrete_fields:
        if field.column in others or field.primary_key:
            continue
        if field.column in declared:
            assert field.column in quoted, f"{slug} declares {field.name} and never reads it"
        else:
            assert field.column not in quoted, f"{slug} reads {field.name}, not declared"


def enrolment_row(**filters):
    Enrolment = installed(ENROLMENT)
    row = Enrolment.objects.filter(**filters).order_by("pk").first()
    assert row is not None, f"the demo has no enrolment with {filters}"
    return row


def test_a_new_enrolment_drops_only_the_overview_and_a_deleted_one_what_it_was_read_by(scope):
    Enrolment = installed(ENROLMENT)
    done = enrolment_row(
        completed_at__isnull=False, pre_score__isnull=False, post_score__isnull=False
    )
    other = get_user_model().objects.exclude(enrolments__course_key=done.course_key).first()
    cache_all(scope)
    new = Enrolment.objects.create(user=other, course=done.course, course_key=done.course_key)
    assert dropped(scope) == OVERVIEW
    cache_all(scope)
    new.delete()
    assert dropped(scope) == OVERVIEW
    cache_all(scope)
    done.delete()
    assert dropped(scope) == EXPECTED[ENROLMENT] == TRAINING


def test_a_score_saved_drops_learning_only_when_the_row_has_both_scores(scope):
    started = enrolment_row(post_score__isnull=True, completed_at__isnull=True)
    cache_all(scope)
    started.pre_score = 35
    started.save(update_fields=["pre_score"])
    assert dropped(scope) == OVERVIEW  # no post-test score: outside learning before and after
    cache_all(scope)
    started.post_score = 80
    started.save(update_fields=["post_score"])
    assert dropped(scope) == SCORES  # now inside learning's rows
    cache_all(scope)
    started.pre_score = 40
    started.save(update_fields=["pre_score"])
    assert dropped(scope) == SCORES


def test_a_completion_drops_the_dashboards_reading_completions_and_not_learning(scope):
    Enrolment = installed(ENROLMENT)
    started = enrolment_row(completed_at__isnull=True, post_score__isnull=True)
    cache_all(scope)
    Enrolment.objects.filter(pk=started.pk).update(completed_at=timezone.now())
    assert dropped(scope) == COMPLETION
    Enrolment.objects.filter(pk=started.pk).update(completed_at=None)
    cache_all(scope)
    Enrolment.objects.filter(pk=started.pk).update(user_id=started.user_id)  # by attname
    assert dropped(scope) == OVERVIEW  # neither completed nor scored: outside the others
    cache_all(scope)
    started.save()  # every field: which changed is unknown
    assert dropped(scope) == TRAINING


def test_an_update_is_judged_on_the_rows_its_filter_finds_again(scope):
    """A pre-test score written by update() (as the courses plugin grades a test): learning
    is dropped only if the rows written have a post-test score, found by the update's own
    filter; a filter naming the field written cannot find them again, so it drops."""
    Enrolment = installed(ENROLMENT)
    started = enrolment_row(post_score__isnull=True)
    scored = enrolment_row(pre_score__isnull=False, post_score__isnull=False)
    cache_all(scope)
    Enrolment.objects.filter(user=started.user, course_key=started.course_key).update(pre_score=50)
    assert dropped(scope) == OVERVIEW
    cache_all(scope)
    Enrolment.objects.filter(pk=scored.pk).update(pre_score=scored.pre_score)
    assert dropped(scope) == SCORES
    cache_all(scope)
    Enrolment.objects.filter(pk=started.pk, pre_score=50).update(pre_score=55)
    assert dropped(scope) == SCORES
    cache_all(scope)
    Enrolment.objects.filter(pk=started.pk).update(post_score=60)  # now inside learning
    assert dropped(scope) == SCORES


def test_a_whole_course_through_the_site_drops_each_dashboard_when_its_figures_change(
    scope, client, django_capture_on_commit_callbacks
):
    """What the bench's "courses" mix does: enrol, pre-test, every lesson, post-test passed,
    survey; each step drops only the dashboards whose figures it changes."""
    installed(ENROLMENT)
    from capability.register.models import Organisation, Person
    from courses.demo import correct_answers
    from courses.models import CoursePage, QuizAttempt

    course = (
        CoursePage.objects.live()
        .filter(locale__language_code="en")
        .exclude(pre_test=None)
        .exclude(post_test=None)
        .order_by("pk")
        .first()
    )
    organisation = Organisation.objects.filter(country__is_partner=True).order_by("pk").first()
    user = get_user_model().objects.create_user("mix@ctps.example", "mix@ctps.example", "x")
    Person.objects.create(
        given_name="Mix", family_name="Trainee", sex="F", country=organisation.country,
        organisation=organisation, email=user.email, user=user,
    )  # fmt: skip
    client.force_login(user)

    def step(method, path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = method(path, data or {})
        assert response.status_code in (200, 302), (path, response.status_code)
        return response

    def test(kind):
        response = step(client.post, f"/en/learning/courses/{course.pk}/test/{kind}/")
        attempt = QuizAttempt.objects.get(
            pk=re.search(r"/attempts/(\d+)/", response["Location"])[1]
        )
        step(client.get, f"/en/learning/attempts/{attempt.pk}/")
        answers = correct_answers(attempt)
        step(
            client.post,
            f"/en/learning/attempts/{attempt.pk}/",
            {k: answers.getlist(k) for k in answers},
        )

    cache_all(scope)
    step(client.post, f"/en/learning/courses/{course.pk}/enrol/")
    assert dropped(scope) == OVERVIEW
    cache_all(scope)
    test("pre")
    assert dropped(scope) == OVERVIEW  # no post-test score yet: learning's rows unchanged
    cache_all(scope)
    for lesson in course.lessons():
        step(client.get, lesson.url)
        step(client.post, f"/en/learning/lessons/{lesson.pk}/complete/")
    assert dropped(scope) == frozenset()
    cache_all(scope)
    test("post")
    assert user.enrolments.get().completed_at is not None
    assert dropped(scope) >= TRAINING
    cache_all(scope)
    survey = {"relevance": 5, "clarity": 4, "applicability": 5, "comment": ""}
    step(client.post, f"/en/learning/courses/{course.pk}/survey/", survey)
    assert dropped(scope) == OVERVIEW
    assert {"competencies"} == ALL - TRAINING and set(DASHBOARDS) == ALL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_update_through_a_locking_queryset_is_judged_outside_a_transaction_too():
    """In autocommit, finding the rows again must not take a lock (on PostgreSQL Django
    refuses select_for_update outside a transaction; SQLite has no such lock): the update is
    judged, learning kept."""
    from capability.results.indicators.cache import caches

    Enrolment = installed(ENROLMENT)  # skips when courses is not installed
    from tests.factories.courses import EnrolmentFactory

    enrolment = EnrolmentFactory()
    learning, overview = caches["learning"].version(), caches["overview"].version()
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).update(pre_score=45)
    assert caches["learning"].version() == learning
    assert caches["overview"].version() != overview
