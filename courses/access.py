"""Who may do what in the courses plugin: every access rule once, as a decision.

Each rule takes the facts it needs (read by the selectors or already at hand) and answers
with a boolean, or with the reason for a refusal (a translated message shown as is) and
`None` when the action is allowed. Nothing here returns a response: views turn refusals into
messages, redirects and 403s; services raise them as errors.

Staff scoping of trainees' records is decided by other plugins through the Wagtail hook
`courses_visible_users` (`courses` knows nothing of countries): a function `fn(user,
queryset)` returning the accounts of `queryset` that `user` may see. Every staff listing,
report, export, inspect page and user choice goes through `visible_users` /
`for_visible_users`.

Countries are offered the same way: the hook `courses_account_countries`, a function
`fn(user)` returning the `(code, name)` pairs `user` may give a new trainee account (the
anonymous user: someone signing up). Without such a plugin accounts have no country.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Certificate, Enrolment

# Staff permissions of the plugin's own views.
REPORT_PERMISSION = "courses.view_course_reports"
ENROL_PERMISSION = "courses.manage_enrolments"
VIEW_CERTIFICATES = "courses.view_certificate"
REVOKE_CERTIFICATES = "courses.change_certificate"
VIEW_SURVEYS = "courses.view_surveyresponse"
EXPORT_XAPI = "courses.view_xapistatement"
# Putting statements the LRS refused back in the queue (the statements admin's "Retry").
RETRY_XAPI = "courses.change_xapistatement"

# A trainee may renew a certificate this many days before it expires (or any time after).
RENEWAL_WINDOW_DAYS = 90


# --- staff: whose records they may see ---


def visible_users(user, queryset=None):
    """The accounts `user` may see (all of them when no plugin narrows them)."""
    if queryset is None:
        queryset = get_user_model()._default_manager.all()
    for narrow in hooks.get_hooks("courses_visible_users"):
        queryset = narrow(user, queryset)
    return queryset


def for_visible_users(user, queryset, field: str = "user"):
    """Rows of `queryset` whose `field` is an account `user` may see."""
    if not hooks.get_hooks("courses_visible_users"):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_users(user).values("pk")})


def may_see_record(user, model, pk: int, field: str = "user") -> bool:
    """Whether the trainee's record `pk` of `model` belongs to an account `user` may see."""
    return for_visible_users(user, model._default_manager.filter(pk=pk), field).exists()


def country_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the countries `user` may give a new account; empty: no countries."""
    choices = []
    for offer in hooks.get_hooks("courses_account_countries"):
        choices.extend(offer(user))
    return choices


def visible_requests(user, queryset):
    """Registration requests `user` may decide: self-registrations of accounts they may see,
    and requests for access of the countries they may give accounts to (every request when
    no plugin offers countries). Personal data never leaves its country."""
    by_account = Q(course__isnull=True, user__in=visible_users(user).values("pk"))
    if not hooks.get_hooks("courses_account_countries"):
        by_country = Q(course__isnull=False)
    else:
        codes = [code for code, _name in country_choices(user)]
        by_country = Q(course__isnull=False, country__in=codes)
    return queryset.filter(by_account | by_country)


def may_download_certificate(user, certificate: Certificate) -> bool:
    """The holder, or staff allowed to view certificates of trainees they may see."""
    return certificate.user_id == user.pk or (
        user.has_perm(VIEW_CERTIFICATES) and may_see_record(user, Certificate, certificate.pk)
    )


# --- trainees: their own records ---


def owns(user, record) -> bool:
    """Attempts and certificates are for their trainee only."""
    return record.user_id == user.pk


def enrolment_refusal(*, course, source: str) -> str | None:
    """Trainees enrol themselves only where the course allows it; staff enrol anyone."""
    if source == Enrolment.Source.SELF and not course.self_enrolment:
        return _("Staff enrol trainees in this course; ask your programme contact.")
    return None


def not_enrolled_refusal(enrolment) -> str | None:
    """Lessons and tests are for enrolled trainees (an action by a trainee not enrolled)."""
    if enrolment is None:
        return _("You are not enrolled in this course.")
    return None


def pre_test_pending(*, course, lessons_started: bool, pre_test_taken: bool) -> bool:
    """A course with a pre-test requires it before the first lesson.

    `pre_test_taken`: a pre-test attempt was submitted or expired (a reset one does not count).
    """
    return bool(course.pre_test_id and not lessons_started and not pre_test_taken)


def lesson_refusal(*, enrolled: bool, pre_test_pending: bool) -> str | None:
    """Reading a lesson, or marking it done: enrolled, and the pre-test out of the way."""
    if not enrolled:
        return _("Enrol in this course to read its lessons.")
    if pre_test_pending:
        return _("Take the pre-test before the first lesson.")
    return None


def pre_test_refusal(*, lessons_started: bool) -> str | None:
    """The pre-test measures prior knowledge: it can never be taken once a lesson is done."""
    if lessons_started:
        return _("The pre-test cannot be taken once lessons have begun.")
    return None


def post_test_refusal(*, required_lessons_done: bool, completed: bool) -> str | None:
    """The post-test opens when every required lesson is done, until the course is complete.

    `completed`: the course is complete (for the course page: its post-test passed).
    """
    if not required_lessons_done:
        return _("Finish every required lesson before the post-test.")
    if completed:
        return _("You have already completed this course.")
    return None


def attempts_left(*, quiz, used: int) -> int | None:
    """How many attempts at `quiz` remain after `used` ones; None when unlimited."""
    if quiz is None or not quiz.attempt_limit:
        return None
    return max(0, quiz.attempt_limit - used)


def answers_revealed(*, attempt, attempts_left: int | None, completed: bool) -> bool:
    """Whether a graded attempt's result shows the correct answers.

    Never after a pre-test (the post-test would measure what was copied); after a
    post-test only when its quiz allows it and the trainee can no longer use them: passed,
    every attempt used, or the course complete. Unlimited attempts never run out.
    """
    if attempt.kind != "post" or attempt.quiz.reveal_answers == "never":
        return False
    return bool(attempt.passed) or attempts_left == 0 or completed


def attempt_limit_refusal(*, quiz, used: int) -> str | None:
    if attempts_left(quiz=quiz, used=used) == 0:
        return _("You have used all %(limit)s attempts allowed for this test.") % {
            "limit": quiz.attempt_limit
        }
    return None


def survey_refusal(*, completed: bool, answered: bool) -> str | None:
    """The reaction survey: answered once, after completing the course."""
    if answered:
        return _("You have already answered the survey for this course.")
    if not completed:
        return _("The survey opens when you have completed the course.")
    return None


def renewal_due(certificate: Certificate, *, now=None) -> bool:
    """A trainee may renew within the window before expiry, or any time after it."""
    now = now or timezone.now()
    if certificate.revoked_at or certificate.expires_at is None:
        return False
    return certificate.expires_at <= now + timezone.timedelta(days=RENEWAL_WINDOW_DAYS)
