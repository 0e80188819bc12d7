"""Every URL our code serves, requested as each role, against the expected outcome.

Add an entry to MATRIX for each new URL name: the coverage test fails without one. Object URLs
are requested twice, with a Ghanaian and with a Kenyan record: the country staff of the matrix
is Ghana's, so the Kenyan variant must be refused to them. Every body (pages, listings,
inspect, history, choosers, csv and xlsx exports) answered to Ghana's staff is searched for the
names and emails of Kenya's people.
"""

import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from .access import (
    DENIED,
    LOGIN,
    OK,
    REDIRECT,
    ROLE_USERS,
    ROLES,
    Entry,
    our_url_names,
    outcome,
)

ANON, TRAINEE, GH_STAFF, PROG_STAFF, MANAGER = ROLES


def roles(anonymous=LOGIN, trainee=LOGIN, country_staff=OK, programme_staff=OK, manager=OK):
    return {
        ANON: anonymous,
        TRAINEE: trainee,
        GH_STAFF: country_staff,
        PROG_STAFF: programme_staff,
        MANAGER: manager,
    }


EVERYONE_OK = dict.fromkeys(ROLES, OK)
SIGNED_IN = roles(trainee=OK)
ADMIN_STAFF_ONLY = roles()

# ---------------------------------------------------------------------------------------------
# Demo objects, looked up (or made) inside each test's rolled-back transaction. The crawl runs
# on the demo (a demo test): every URL, for every role, over a whole site's realistic records,
# each body searched for the names of Kenya's hundred people.


class Demo:
    """Ids of demo records by key (`person_GH`, `person_KE`, `quiz`, ...), resolved lazily."""

    def __init__(self):
        self._cache = {}

    def __getitem__(self, key):
        if key not in self._cache:
            self._cache[key] = LOOKUPS[key]()
        return self._cache[key]


def _first(queryset):
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"the demo has no {queryset.model.__name__} for the matrix"
    return obj.pk


def _capability(model_label, country_path):
    def lookups(code):
        def lookup():
            from django.apps import apps

            model = apps.get_model(model_label)
            return _first(model.objects.filter(**{country_path: code}))

        return lookup

    return lookups


def _course_page():
    from courses.models import CoursePage

    return _first(CoursePage.objects.live().filter(locale__language_code="en"))


def _lesson_page():
    from courses.models import LessonPage

    return _first(LessonPage.objects.live().filter(locale__language_code="en"))


def _attempt(own: bool):
    def lookup():
        from courses.models import QuizAttempt

        trainee = get_user_model().objects.get(username=ROLE_USERS[TRAINEE])
        attempts = QuizAttempt.objects.all()
        return _first(attempts.filter(user=trainee) if own else attempts.exclude(user=trainee))

    return lookup


def _attempt_reset():
    from courses.models import AttemptReset, QuizAttempt

    reset = AttemptReset.objects.order_by("pk").first()
    if reset is None:
        attempt = QuizAttempt.objects.exclude(user__username=ROLE_USERS[TRAINEE]).first()
        reset = AttemptReset.objects.create(attempt=attempt, reason="matrix")
    return reset.pk


def _release():
    """The demo has no release: one is stored as `release_create` stores it (frozen)."""
    from capability.results.models import Release

    release = Release.objects.order_by("pk").first()
    if release is None:
        staff = get_user_model().objects.get(username=ROLE_USERS[PROG_STAFF])
        release = Release.objects.create(
            end="2025-12-31", created_by=staff, figures={}, iati="<iati-activities/>"
        )
    return release.pk


def _model_pk(dotted):
    def lookup():
        from django.apps import apps

        return _first(apps.get_model(dotted)._default_manager.all())

    return lookup


def _access_request(code):
    """A pending request for access to a course, from `code`'s country (made if the demo has
    none: requests come from visitors, not from the demo)."""

    def lookup():
        from courses.models import CoursePage, RegistrationRequest

        course = CoursePage.objects.get(pk=_course_page())
        request_obj, _created = RegistrationRequest.objects.get_or_create(
            email=f"matrix.request.{code.lower()}@example.org",
            course_key=course.translation_key,
            decided_at=None,
            defaults={"course": course, "country": code, "organisation": "Matrix"},
        )
        return request_obj.pk

    return lookup


LOOKUPS = {
    "courses_registrationrequest_GH": _access_request("GH"),
    "courses_registrationrequest_KE": _access_request("KE"),
    "course": _course_page,
    "lesson": _lesson_page,
    "attempt_own": _attempt(own=True),
    "attempt_other": _attempt(own=False),
    "courses_questionbank": _model_pk("courses.QuestionBank"),
    "courses_quiz": _model_pk("courses.Quiz"),
    "courses_question": _model_pk("courses.Question"),
    "courses_enrolment": _model_pk("courses.Enrolment"),
    "courses_quizattempt": _model_pk("courses.QuizAttempt"),
    "courses_attemptreset": _attempt_reset,
    "courses_xapistatement": _model_pk("courses.XapiStatement"),
    "capability_framework": _model_pk("capability.CompetencyFramework"),
    "capability_indicator": _model_pk("capability_results.Indicator"),
    "capability_release": _release,
    "certificate": _model_pk("courses.Certificate"),
    "capability_competency": _model_pk("capability.Competency"),
}
for _key, _model, _path in [
    ("capability_person", "capability.Person", "country__code"),
    ("capability_organisation", "capability.Organisation", "country__code"),
    ("capability_workshop", "capability.Workshop", "country__code"),
    ("capability_attendance", "capability.Attendance", "person__country__code"),
    ("capability_evidence", "capability.CompetencyEvidence", "person__country__code"),
    ("capability_country", "capability.Country", "code"),
    ("capability_staffcountry", "capability.StaffCountry", "country__code"),
    ("capability_indicatorvalue", "capability_results.IndicatorValue", "country__code"),
    ("capability_deliverable", "capability_results.Deliverable", "country__code"),
    ("capability_followup", "capability_results.FollowUp", "person__country__code"),
]:
    for _code in ("GH", "KE"):
        LOOKUPS[f"{_key}_{_code}"] = _capability(_model, _path)(_code)


# ---------------------------------------------------------------------------------------------
# Admin viewsets: what each role may do with each model, and which URL needs which action.

# Actions a role holds per viewset: add, change, delete, view. Country staff hold theirs only on
# their own country's records (Kenyan variants are denied to them).
ALL = frozenset({"add", "change", "delete", "view"})
VIEW = frozenset({"view"})
ADD_VIEW = frozenset({"add", "view"})
NONE = frozenset()
ADMIN_MODELS = {
    # namespace: (country-scoped?, country staff, programme staff, manager)
    "capability_organisation": (True, ALL, ALL, NONE),
    "capability_person": (True, ALL, ALL, NONE),
    "capability_workshop": (True, ALL, ALL, NONE),
    "capability_attendance": (True, ALL, ALL, NONE),
    "capability_evidence": (True, ALL, ALL, NONE),
    "capability_country": (True, VIEW, ALL, NONE),
    "capability_framework": (False, VIEW, ALL, NONE),
    "capability_competency": (False, VIEW, ALL, NONE),
    "capability_staffcountry": (True, NONE, ALL, NONE),
    "capability_indicatorvalue": (True, ALL, ALL, NONE),
    "capability_deliverable": (True, ALL, ALL, NONE),
    "capability_followup": (True, ALL, ALL, NONE),
    "capability_indicator": (False, VIEW, ALL, NONE),
    # releases: created by programme staff, frozen after (no change, no delete), read by managers
    "capability_release": (False, NONE, ADD_VIEW, VIEW),
    "courses_questionbank": (False, NONE, ALL, NONE),
    "wagtailsnippets_courses_quiz": (False, NONE, ALL, NONE),
    "wagtailsnippets_courses_question": (False, NONE, ALL, NONE),
    "courses_enrolment": (False, ADD_VIEW, ADD_VIEW, NONE),
    "courses_quizattempt": (False, VIEW, VIEW, NONE),
    "courses_attemptreset": (False, VIEW, VIEW, NONE),
    # Statements are written by learning events only: Wagtail's views list and inspect them.
    "courses_xapistatement": (False, NONE, VIEW, NONE),
    # Requests for access: listed and inspected; decided by the plugin's own views.
    "courses_registrationrequest": (True, VIEW, VIEW, NONE),
}
# URL name -> (actions of which the user needs one, takes an object id?)
ANY = ALL
VIEWSET_URLS = {
    "index": (ANY, False),
    "index_results": (ANY, False),
    "list": (ANY, False),  # snippets
    "list_results": (ANY, False),
    "add": ({"add"}, False),
    "edit": ({"change"}, True),
    "delete": ({"delete"}, True),
    "copy": ({"add"}, True),
    "inspect": ({"view", "change", "delete"}, True),
    "history": ({"add", "change", "delete"}, True),
    "history_results": ({"add", "change", "delete"}, True),
    "usage": ({"change"}, True),
}
# Extra URLs of the register's viewsets (import, preview, template, export for import).
REGISTER_EXTRA = {
    "import": ({"add", "change"}, False),
    "import_preview": ({"add", "change"}, False),
    "import_template": ({"add"}, False),
    "export_for_import": ({"view", "change"}, False),
}


def _viewset_expect(namespace, needs, country):
    scoped, country_staff, programme_staff, manager = ADMIN_MODELS[namespace]

    def cell(held, *, ghana_staff=False):
        if not held & needs:
            return DENIED
        if ghana_staff and scoped and country == "KE":
            return DENIED
        return OK

    return roles(
        country_staff=cell(country_staff, ghana_staff=True),
        programme_staff=cell(programme_staff),
        manager=cell(manager),
    )


def _viewset_entries(namespace, url_names, key=None):
    """Entries for the listed URL names of one viewset (object URLs for GH and KE records)."""
    key = key or namespace
    scoped = ADMIN_MODELS[namespace][0]
    entries = {}
    for url_name in url_names:
        needs, with_object = (VIEWSET_URLS | REGISTER_EXTRA)[url_name]
        name = f"{namespace}:{url_name}"
        kwargs = None
        if url_name == "import_preview":
            kwargs = {"pending_id": "00000000-0000-4000-8000-000000000000"}
        if not with_object:
            expect = _viewset_expect(namespace, needs, "GH")
            if url_name == "import_preview":
                # An upload id that is not the user's own (here: unknown) is refused.
                expect = {r: DENIED if c == OK else c for r, c in expect.items()}
            entries[name] = Entry(expect=expect, kwargs=kwargs)
            continue
        for country in ("GH", "KE") if scoped else ("",):
            lookup = f"{key}_{country}" if country else key
            entries[name + (f"@{country}" if country else "")] = Entry(
                expect=_viewset_expect(namespace, needs, country or "GH"),
                kwargs=lambda demo, lookup=lookup: {"pk": demo[lookup]},
            )
    return entries


MODEL_URLS = ("index", "index_results", "add", "edit", "delete", "history", "history_results")
MODEL_URLS += ("usage",)
IMPORTS = ("import", "import_preview", "export_for_import")

MATRIX: dict[str, Entry] = {
    "home_two_factor": Entry(expect=ADMIN_STAFF_ONLY),
    # An e-mail change link: admin users only (a bad token is a page saying so, not a change).
    "home_email_change_confirm": Entry(
        expect=ADMIN_STAFF_ONLY, kwargs=lambda demo: {"token": "not-a-signed-token"}
    ),
    # Register (capability)
    **_viewset_entries("capability_organisation", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_person", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_competency", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_workshop", (*MODEL_URLS, "inspect")),
    **_viewset_entries(
        "capability_attendance",
        (*MODEL_URLS, "inspect", "import", "import_preview", "import_template"),
    ),
    **_viewset_entries("capability_evidence", (*MODEL_URLS, "inspect")),
    **_viewset_entries("capability_framework", (*MODEL_URLS, "inspect")),
    **_viewset_entries("capability_country", (*MODEL_URLS, "inspect")),
    **_viewset_entries("capability_staffcountry", (*MODEL_URLS, "inspect")),
    # Indicators (read by country staff, kept by programme staff), values, deliverables and
    # follow-ups (country-scoped), dashboards (staff and managers; aggregates only)
    **_viewset_entries("capability_indicator", (*MODEL_URLS, "inspect")),
    **_viewset_entries("capability_indicatorvalue", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_deliverable", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_followup", (*MODEL_URLS, "inspect", *IMPORTS)),
    **_viewset_entries("capability_release", (*MODEL_URLS, "inspect")),
    "capability_dashboards:index": Entry(expect=ADMIN_STAFF_ONLY),
    **{
        f"capability_dashboards:dashboard@{slug}": Entry(
            expect=ADMIN_STAFF_ONLY, kwargs={"slug": slug}
        )
        for slug in ("overview", "trend", "disaggregation", "learning", "competencies")
    },
    "capability_dashboards:xlsx": Entry(expect=ADMIN_STAFF_ONLY, kwargs={"slug": "trend"}),
    **{
        f"capability_dashboards:export@{kind}": Entry(
            # IATI describes the whole programme: one country's staff are sent back
            expect=roles(country_staff=REDIRECT) if kind == "iati" else ADMIN_STAFF_ONLY,
            kwargs={"format": kind},
        )
        for kind in ("xlsx", "iati")
    },
    # Courses records
    **_viewset_entries("courses_questionbank", (*MODEL_URLS, "copy")),
    **_viewset_entries("courses_enrolment", (*MODEL_URLS, "copy", "inspect")),
    **_viewset_entries("courses_quizattempt", (*MODEL_URLS, "copy", "inspect")),
    **_viewset_entries("courses_attemptreset", (*MODEL_URLS, "copy", "inspect")),
    **_viewset_entries("courses_xapistatement", (*MODEL_URLS, "inspect")),
    # Retrying statements the LRS refused (programme staff); a pending one goes to inspect.
    "courses_xapistatement:retry": Entry(
        expect=roles(country_staff=DENIED, programme_staff=REDIRECT, manager=DENIED),
        kwargs=lambda demo: {"pk": demo["courses_xapistatement"]},
    ),
    "courses_xapistatement:retry_failed": Entry(expect=roles(country_staff=DENIED, manager=DENIED)),
    **_viewset_entries("courses_registrationrequest", (*MODEL_URLS, "inspect")),
    **{
        f"courses_registrationrequest:{name}@{code}": Entry(
            expect=roles(country_staff=DENIED if code == "KE" else OK, manager=DENIED),
            kwargs=lambda demo, code=code: {"pk": demo[f"courses_registrationrequest_{code}"]},
        )
        for name in ("approve", "decline")
        for code in ("GH", "KE")
    },
    "courses:request_access": Entry(expect=EVERYONE_OK),
    **{
        key: entry
        for model in ("question", "quiz")
        for key, entry in _viewset_entries(
            f"wagtailsnippets_courses_{model}",
            ("list", "list_results", "add", "edit", "delete", "copy", "history")
            + ("history_results", "usage"),
            key=f"courses_{model}",
        ).items()
    },
    # Snippet choosers of questions and quizzes: Wagtail asks only for admin access (course
    # content, no personal data); creating from the chooser needs the add permission.
    **{
        f"wagtailsnippetchoosers_courses_{model}:{name}": Entry(
            expect=roles(country_staff=DENIED, manager=DENIED) if name == "create" else roles(),
        )
        for model in ("question", "quiz")
        for name in ("choose", "choose_results", "chosen_multiple", "create")
    },
    **{
        f"wagtailsnippetchoosers_courses_{model}:chosen": Entry(
            expect=roles(), kwargs=lambda demo, model=model: {"pk": demo[f"courses_{model}"]}
        )
        for model in ("question", "quiz")
    },
    # Exports of the register's listings (csv and xlsx), scoped like the listing.
    **{
        f"{namespace}:index?export={fmt}": Entry(
            expect=_viewset_expect(namespace, ANY, "GH"), query=f"?export={fmt}"
        )
        for namespace in (
            "capability_organisation",
            "capability_person",
            "capability_workshop",
            "capability_attendance",
            "capability_evidence",
            "courses_enrolment",
            "courses_quizattempt",
            "courses_xapistatement",
        )
        for fmt in ("csv", "xlsx")
    },
    # Data-subject rights: export (view permission) and erase (delete permission), scoped.
    **{
        f"capability_gdpr:{name}@{country}": Entry(
            expect=roles(country_staff=OK if country == "GH" else DENIED, manager=DENIED),
            kwargs=lambda demo, country=country, extra=extra: {
                "pk": demo[f"capability_person_{country}"],
                **extra,
            },
        )
        for name, extra in [("export", {"fmt": "json"}), ("erase", {})]
        for country in ("GH", "KE")
    },
    "capability_gdpr:export@xlsx": Entry(
        expect=roles(manager=DENIED),
        kwargs=lambda demo: {"pk": demo["capability_person_GH"], "fmt": "xlsx"},
    ),
    # Register profile (public site)
    "capability:profile": Entry(expect=SIGNED_IN),
    # Courses, public site
    "courses:my_learning": Entry(expect=SIGNED_IN),
    # Self-registration off (the default): a page saying whom to ask, for everyone.
    "courses:register": Entry(expect=EVERYONE_OK),
    # A GET only leads to the course page (it completes an enrolment a profile step
    # interrupted, which these sessions have none of).
    "courses:enrol": Entry(
        expect=dict.fromkeys(ROLES, REDIRECT) | {ANON: LOGIN},
        kwargs=lambda demo: {"page_id": demo["course"]},
    ),
    "courses:attempt_start": Entry(
        expect=dict.fromkeys(ROLES, "not_allowed") | {ANON: LOGIN},
        kwargs=lambda demo: {"page_id": demo["course"], "kind": "pre"},
    ),
    "courses:lesson_complete": Entry(
        expect=dict.fromkeys(ROLES, "not_allowed") | {ANON: LOGIN},
        kwargs=lambda demo: {"page_id": demo["lesson"]},
    ),
    # The trainee's submitted attempt leads to its result; anybody else's attempt is refused.
    "courses:attempt": Entry(
        expect=roles(trainee=REDIRECT, country_staff=DENIED, programme_staff=DENIED)
        | {MANAGER: DENIED},
        kwargs=lambda demo: {"pk": demo["attempt_own"]},
    ),
    "courses:attempt@other": Entry(
        expect=dict.fromkeys(ROLES, DENIED) | {ANON: LOGIN},
        kwargs=lambda demo: {"pk": demo["attempt_other"]},
    ),
    "courses:attempt_result": Entry(
        expect=roles(trainee=OK, country_staff=DENIED, programme_staff=DENIED) | {MANAGER: DENIED},
        kwargs=lambda demo: {"pk": demo["attempt_own"]},
    ),
    "courses:attempt_result@other": Entry(
        expect=dict.fromkeys(ROLES, DENIED) | {ANON: LOGIN},
        kwargs=lambda demo: {"pk": demo["attempt_other"]},
    ),
    # Course reports (admin)
    **{
        f"courses_admin:{name}": Entry(expect=roles(manager=DENIED), kwargs=kwargs, query=query)
        for name, kwargs, query in [
            ("index", None, ""),
            ("report", lambda demo: {"page_id": demo["course"]}, ""),
            ("export", lambda demo: {"page_id": demo["course"], "fmt": "csv"}, ""),
            ("bulk_enrol", lambda demo: {"page_id": demo["course"]}, ""),
            ("import", lambda demo: {"page_id": demo["course"]}, ""),
            ("invite", None, ""),
            ("registrations", None, ""),
            ("attempt_reset", lambda demo: {"pk": demo["attempt_other"]}, ""),
        ]
    },
    # Certificates, surveys and xAPI (the holder's own certificate is tested in tests/courses)
    "courses:certificate_pdf": Entry(
        expect=roles(trainee=DENIED, manager=DENIED),
        kwargs=lambda demo: {"pk": demo["certificate"]},
    ),
    "courses:certificate_renew": Entry(
        expect=dict.fromkeys(ROLES, "not_allowed") | {ANON: LOGIN},
        kwargs=lambda demo: {"pk": demo["certificate"]},
    ),
    "courses:survey": Entry(
        expect=roles(trainee=REDIRECT, country_staff=REDIRECT, programme_staff=REDIRECT)
        | {MANAGER: REDIRECT},
        kwargs=lambda demo: {"page_id": demo["course"]},
    ),
    # Offline learning (issue 19): the app manifest and worker are public; a course's package
    # and offline test are for its enrolled trainees (the demo trainee is not enrolled in the
    # first course: refused like staff); the sync endpoint answers JSON, signed out 403.
    "courses:web_manifest": Entry(expect=EVERYONE_OK),
    "courses_service_worker": Entry(expect=EVERYONE_OK),
    "courses:offline_package": Entry(
        expect=dict.fromkeys(ROLES, DENIED), kwargs=lambda demo: {"page_id": demo["course"]}
    ),
    "courses:offline_test": Entry(
        expect=dict.fromkeys(ROLES, DENIED) | {ANON: LOGIN},
        kwargs=lambda demo: {"page_id": demo["course"]},
    ),
    "courses:offline_sync": Entry(
        expect=dict.fromkeys(ROLES, "status 400") | {ANON: DENIED}, method="post"
    ),
    "courses:offline_sync@get": Entry(expect=dict.fromkeys(ROLES, "not_allowed")),
    "courses:offline_submit": Entry(
        expect=dict.fromkeys(ROLES, REDIRECT) | {ANON: LOGIN}, method="post"
    ),
    "courses:verify": Entry(expect=EVERYONE_OK),
    "courses:verify_code": Entry(expect=EVERYONE_OK, kwargs={"code": "NOPE-NOPE-NOPE"}),
    "courses_admin:certificates": Entry(expect=roles(manager=DENIED), query="?status=all"),
    "courses_admin:certificate_revoke": Entry(
        expect=roles(country_staff=DENIED, manager=DENIED),
        kwargs=lambda demo: {"pk": demo["certificate"]},
    ),
    "courses_admin:survey": Entry(
        expect=roles(manager=DENIED), kwargs=lambda demo: {"page_id": demo["course"]}
    ),
    "courses_admin:survey_export": Entry(
        expect=roles(manager=DENIED), kwargs=lambda demo: {"page_id": demo["course"]}
    ),
    "courses_admin:xapi_export": Entry(expect=roles(country_staff=DENIED, manager=DENIED)),
    # an upload id that is not the user's own (here: unknown) is refused
    "courses_admin:import_preview": Entry(
        expect={r: DENIED if c == OK else c for r, c in roles(manager=DENIED).items()},
        kwargs=lambda demo: {
            "page_id": demo["course"],
            "pending_id": "00000000-0000-4000-8000-000000000000",
        },
    ),
    "courses_admin:export@xlsx": Entry(
        expect=roles(manager=DENIED),
        kwargs=lambda demo: {"page_id": demo["course"], "fmt": "xlsx"},
    ),
}


def url_name_of(key: str) -> str:
    return key.split("@")[0].split("?")[0]


# Public Wagtail pages, by page type: path -> expected outcome per role.
PAGES: dict[str, Entry] = {
    "/en/": Entry(expect=EVERYONE_OK),
    "/fr/": Entry(expect=EVERYONE_OK),
}


def _page_paths():
    """One live page of each of our page types, in English (home, course index, course, lesson)."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage

    paths = {}
    for model in (CourseIndexPage, CoursePage, LessonPage):
        page = model.objects.live().filter(locale__language_code="en").order_by("pk").first()
        paths[model.__name__] = page.url
    return paths


# A lesson needs an enrolment: signed-in users who are not enrolled go to the course page.
PAGE_TYPES = {
    "CourseIndexPage": EVERYONE_OK,
    "CoursePage": EVERYONE_OK,
    "LessonPage": roles(trainee=REDIRECT, country_staff=REDIRECT, programme_staff=REDIRECT)
    | {MANAGER: REDIRECT},
}


def test_every_url_of_ours_is_in_the_matrix():
    names = set(our_url_names())
    covered = {url_name_of(key) for key in MATRIX}
    missing = sorted(names - covered)
    assert not missing, f"URL names without an access-matrix entry: {missing}"
    stale = sorted(covered - names)
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


# ---------------------------------------------------------------------------------------------
# Requests


@pytest.fixture
def role_sessions(demo):
    """One signed-in session per role of the demo's users."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    keys = {}
    for role, username in ROLE_USERS.items():
        user = get_user_model().objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[role] = session.session_key
    return keys


@pytest.fixture
def as_role(client, demo, role_sessions):
    from django.conf import settings

    def _as(role: str):
        client.cookies.clear()
        if role != ANON:
            client.cookies[settings.SESSION_COOKIE_NAME] = role_sessions[role]
        return client

    return _as


@pytest.fixture
def kenyan_words(demo):
    """A pattern for the names and emails of the people Ghana's staff must never see: Kenya's
    and Senegal's register entries and staff, trainee accounts of those countries with no
    register entry (the demo's online trainees), and trainee accounts with no country at all.

    Family names count on their own: listings put family and given names in separate cells.
    """
    from capability.register.models import Person

    foreign = ("KE", "SN")
    people = list(
        Person.objects.filter(country__code__in=foreign).values_list(
            "given_name", "family_name", "email", "user__email"
        )
    )
    staff = get_user_model().objects.get(username="kenya.staff@ctps.example")
    words = {staff.email, staff.get_full_name()}
    for given, family, email, user_email in people:
        words |= {f"{given} {family}", family, email or "", user_email or ""}
    unlinked = get_user_model().objects.filter(capability_person__isnull=True)
    accounts = unlinked.filter(capability_account_country__country__code__in=foreign)
    countryless = unlinked.filter(capability_account_country__isnull=True, groups__name="Trainee")
    assert accounts.count() >= 4, "the demo has Kenyan and Senegalese online trainees"
    # Accounts by full name and address: the courses' views show both (a family name alone
    # would match Ghana's own staff, whose demo name is Wanjiru Kamau).
    for account in accounts.union(countryless):
        words |= {account.email, account.get_full_name()}
    words = sorted((word for word in words if word), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b")


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # xlsx: the strings live in the zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b" ".join(
                archive.read(name) for name in archive.namelist() if name.endswith(".xml")
            )
    text = content.decode("utf-8", errors="replace")
    # "<td>Odhiambo</td><td>Otieno</td>" reads as "Odhiambo Otieno".
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def _leaks(text, pattern):
    return sorted(set(pattern.findall(text)))


def _url(entry: Entry, name: str, demo: Demo) -> str:
    kwargs = entry.kwargs(demo) if callable(entry.kwargs) else entry.kwargs
    with translation.override("en"):
        return reverse(name, kwargs=kwargs) + entry.query


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_url_access(as_role, kenyan_words, key):
    cache.clear()  # rate limits (certificate verification) count per address in the cache
    entry = MATRIX[key]
    url = _url(entry, url_name_of(key), Demo())
    wrong = []
    for role in ROLES:
        response = getattr(as_role(role), entry.method)(url, entry.data or {})
        got = outcome(response)
        if got != entry.expect[role]:
            wrong.append(f"{role}: expected {entry.expect[role]}, got {got}")
        if role == GH_STAFF and got == OK:
            leaks = _leaks(body_text(response), kenyan_words)
            assert not leaks, f"Ghana staff see Kenyan people at {url}: {leaks[:5]}"
    assert not wrong, f"{entry.method.upper()} {url}: " + "; ".join(wrong)


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_page_type_access(as_role, kenyan_words, page_type):
    path = _page_paths()[page_type]
    _check_page(as_role, kenyan_words, path, Entry(expect=PAGE_TYPES[page_type]))


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_access(as_role, kenyan_words, path):
    _check_page(as_role, kenyan_words, path, PAGES[path])


def _check_page(as_role, kenyan_words, path, entry):
    wrong = []
    for role in ROLES:
        response = as_role(role).get(path)
        got = outcome(response)
        if got != entry.expect[role]:
            wrong.append(f"{role}: expected {entry.expect[role]}, got {got}")
        if role == GH_STAFF and got == OK:
            assert not _leaks(body_text(response), kenyan_words), path
    assert not wrong, f"GET {path}: " + "; ".join(wrong)


def test_the_name_check_sees_kenyan_people(as_role, kenyan_words):
    """The leak detector would catch a Kenyan person: programme staff see them all."""
    response = as_role(PROG_STAFF).get(reverse("capability_person:index") + "?export=csv")
    assert _leaks(body_text(response), kenyan_words)
    response = as_role(PROG_STAFF).get(reverse("capability_person:index") + "?q=Odhiambo")
    assert _leaks(body_text(response), kenyan_words)


def test_the_name_check_sees_unlinked_trainees_in_every_format(as_role, kenyan_words):
    """The demo's Kenyan and Senegalese online trainees (no register entry) are caught by
    name and by address in pages, csv and xlsx: programme staff see them."""
    index = reverse("courses_enrolment:index")
    for url in (index, index + "?export=csv", index + "?export=xlsx"):
        leaks = _leaks(body_text(as_role(PROG_STAFF).get(url)), kenyan_words)
        assert {"grace.wanjiru@ctps.example", "awa.diop@ctps.example"} <= set(leaks), url
    html = body_text(as_role(PROG_STAFF).get(reverse("courses_admin:certificates") + "?status=all"))
    assert "Grace Wanjiru" in _leaks(html, kenyan_words)
