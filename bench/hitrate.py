"""The dashboards' cache hit rate while trainees write and a manager reads (bench/README.md).

Trainees (accounts made for the run, each with a register entry) go through a course (the
one with most lessons and both tests) by HTTP with the test client, their requests
interleaved at random (seeded: every run the same); after every `READ_EVERY` trainee
requests the manager reads the five dashboards (`dashboard_data`, the cached call behind
every dashboard page). Two mixes:

- "lessons": trainees already enrolled (pre-test taken) read and complete every lesson, then
  start the post-test: lesson completions, xAPI statements, progress versions, attempts
  started, sessions; no figure of any dashboard changes, so every read should hit;
- "courses": whole courses: enrol, pre-test, every lesson, post-test passed (completion,
  certificate, register evidence), reaction survey. Each trainee's enrolment, graded tests,
  completion and survey change figures, so the dashboards reading them must be computed again.

A read is a hit when the dashboard's aggregates are not computed. A computation whose
figures equal the dashboard's previous ones was needless (a write dropped the entry without
changing what it reads): the "exact" rate counts only the others as misses, the ceiling any
invalidation rule could reach on this mix. The same run counts what the rule before (every
save or delete in `capability`, `capability_results` or `courses` dropped every dashboard)
would have hit, without computing it. Everything is written in a
transaction rolled back at the end: the database is left as it was.
"""

from __future__ import annotations

import random
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client, TestCase
from django.test.utils import override_settings

TRAINEES = 10
SEED = 2026
READ_EVERY = 5  # trainee requests between two manager visits (five dashboard reads each)
PASSWORD = "ctps-bench-2026"  # noqa: S105 - accounts live inside a rolled-back transaction
OLD_RULE_APPS = ("capability", "capability_results", "courses")


def _course():
    from courses.models import CoursePage

    courses = CoursePage.objects.live().filter(locale__language_code="en")
    courses = courses.exclude(pre_test=None).exclude(post_test=None).order_by("pk")
    lessons = {course: len(list(course.lessons())) for course in courses}
    return max(lessons, key=lambda course: (lessons[course], -course.pk), default=None)


def _trainees(course, mix: str) -> list[Client]:
    """Accounts linked to a register entry (so enrolment asks for nothing), signed in."""
    from capability.register.models import Organisation, Person

    organisation = Organisation.objects.filter(country__is_partner=True).order_by("pk").first()
    clients = []
    for number in range(TRAINEES):
        email = f"bench.{mix}.{number}@bench.example"
        user = get_user_model().objects.create_user(email, email, PASSWORD)
        Person.objects.create(
            given_name="Bench", family_name=f"Trainee {number}", sex="F",
            country=organisation.country, organisation=organisation, email=email, user=user,
        )  # fmt: skip
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _request(method, path: str, data=None):
    """One request, its on-commit work (signals, evidence) run as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = method(path, data or {})
    if response.status_code >= 400:
        raise SystemExit(f"hit-rate mix: HTTP {response.status_code} for {path}")
    return response


def _test(client, course, kind: str):
    """Start a test, open it, answer it right: three requests."""
    from courses.demo import correct_answers
    from courses.models import QuizAttempt

    response = yield lambda: _request(client.post, f"/en/learning/courses/{course.pk}/test/{kind}/")
    attempt_id = int(re.search(r"/attempts/(\d+)/", response["Location"]).group(1))
    yield lambda: _request(client.get, f"/en/learning/attempts/{attempt_id}/")
    answers = correct_answers(QuizAttempt.objects.get(pk=attempt_id))
    yield lambda: _request(
        client.post,
        f"/en/learning/attempts/{attempt_id}/",
        {k: answers.getlist(k) for k in answers},
    )


def _lessons(client, course):
    for lesson in course.lessons():
        yield lambda lesson=lesson: _request(client.get, lesson.url)
        yield lambda lesson=lesson: _request(
            client.post, f"/en/learning/lessons/{lesson.pk}/complete/"
        )


def _journey(client, course, mix: str):
    """The trainee's requests, one at a time (each step a callable returning the response)."""
    if mix == "lessons":
        yield from _lessons(client, course)
        response = yield lambda: _request(
            client.post, f"/en/learning/courses/{course.pk}/test/post/"
        )
        attempt_id = int(re.search(r"/attempts/(\d+)/", response["Location"]).group(1))
        yield lambda: _request(client.get, f"/en/learning/attempts/{attempt_id}/")
        yield lambda: _request(client.get, "/en/learning/my/")
        return
    yield lambda: _request(client.get, course.url)
    yield lambda: _request(client.post, f"/en/learning/courses/{course.pk}/enrol/")
    yield from _test(client, course, "pre")
    yield from _lessons(client, course)
    yield from _test(client, course, "post")
    survey = {"relevance": 5, "clarity": 4, "applicability": 5, "comment": ""}
    yield lambda: _request(client.post, f"/en/learning/courses/{course.pk}/survey/", survey)
    yield lambda: _request(client.get, "/en/learning/my/")


def _drive(journey):
    """Run a journey step by step, handing each step's response back to it."""
    response = None
    while True:
        try:
            step = journey.send(response)
        except StopIteration:
            return
        response = step()
        yield


def _prepare_lessons_mix(clients, course) -> None:
    """Enrolled, pre-test taken: what the "lessons" trainees did before the run."""
    for client in clients:
        for _ in _drive(_prepare(client, course)):
            pass


def _prepare(client, course):
    yield lambda: _request(client.post, f"/en/learning/courses/{course.pk}/enrol/")
    yield from _test(client, course, "pre")


def _measure(course, mix: str, scope) -> dict:
    from capability.results.dashboards import DASHBOARDS, dashboard_data

    clients = _trainees(course, mix)
    if mix == "lessons":
        _prepare_lessons_mix(clients, course)
    computed = dict.fromkeys(DASHBOARDS, 0)
    old_stale: set[str] = set()

    def old_rule(sender, **_kwargs):
        meta = getattr(sender, "_meta", None)
        if meta is not None and meta.app_label in OLD_RULE_APPS:
            old_stale.update(DASHBOARDS)

    originals = {slug: module.aggregates for slug, module in DASHBOARDS.items()}
    # What each dashboard showed last: a computation giving the same figures was a needless
    # miss (a write dropped the entry without changing what the dashboard reads).
    last = {slug: originals[slug](scope) for slug in DASHBOARDS}
    changed = dict.fromkeys(DASHBOARDS, 0)

    def counting(slug):
        def aggregates(scope):
            computed[slug] += 1
            value = originals[slug](scope)
            if value != last[slug]:
                changed[slug] += 1
                last[slug] = value
            return value

        return aggregates

    reads = old_misses = requests = 0

    def manager_visit(count: bool) -> None:
        nonlocal reads, old_misses
        for slug in DASHBOARDS:
            dashboard_data(slug, scope)
            if count:
                reads += 1
                old_misses += slug in old_stale
            old_stale.discard(slug)

    manager_visit(count=False)  # warm: the cache as a manager left it
    for module in DASHBOARDS.values():
        module.aggregates = counting(module.slug)
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(old_rule, dispatch_uid="bench_old_rule")
    try:
        journeys = [_drive(_journey(client, course, mix)) for client in clients]
        order = random.Random(SEED)  # noqa: S311 - an interleaving, not a secret
        while journeys:
            journey = order.choice(journeys)
            if next(journey, StopIteration) is StopIteration:
                journeys.remove(journey)
                continue
            requests += 1
            if requests % READ_EVERY == 0:
                manager_visit(count=True)
        manager_visit(count=True)
    finally:
        for slug, module in DASHBOARDS.items():
            module.aggregates = originals[slug]
        for signal in (post_save, post_delete, m2m_changed):
            signal.disconnect(dispatch_uid="bench_old_rule")
    misses = sum(computed.values())
    return {
        "trainee_requests": requests,
        "dashboard_reads": reads,
        "computed": computed,
        "changed": changed,
        "hit_rate": 1 - misses / reads,
        # the rate if only the writes that changed a dashboard's figures had dropped it
        "exact_hit_rate": 1 - sum(changed.values()) / reads,
        "old_rule_hit_rate": 1 - old_misses / reads,
    }


def run() -> dict | None:
    if not (apps.is_installed("capability.results") and apps.is_installed("courses")):
        return None
    from capability.results.indicators.cache import invalidate
    from capability.results.indicators.queries import scope_for

    manager = get_user_model().objects.filter(username="manager@ctps.example").first()
    course = _course()
    if manager is None or course is None:
        return None
    scope = scope_for(manager)
    results = {}
    with override_settings(CAPABILITY_DASHBOARD_CACHE_SECONDS=3600):  # no expiry mid-run
        for mix in ("lessons", "courses"):
            with transaction.atomic():
                results[mix] = _measure(course, mix, scope)
                transaction.set_rollback(True)
            invalidate()  # entries computed from rolled-back rows must not outlive them
    results["read_every"] = READ_EVERY
    results["trainees"] = TRAINEES
    results["course"] = course.slug
    return results
