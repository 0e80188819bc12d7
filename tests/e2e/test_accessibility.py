"""Every trainee page, in English and French, on a 360 × 640 phone screen: axe-core finds no
serious or critical violation, nothing scrolls sideways, and every control is at least
44 × 44 CSS pixels.

axe-core 4.14.1 (npm package, MPL-2.0) is vendored in tests/e2e/vendor/axe-core/ with its
licence, so the check runs offline and always with the same rules; the page's CSP is
bypassed for the test context only, to let the script in.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from courses.demo import correct_answers
from courses.models import Certificate, CoursePage, QuizAttempt
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit

from .axe import serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
TRAINEES = {"en": "trainee@ctps.example", "fr": "moussa.ndiaye@ctps.example"}
# English slugs of the demo courses the check walks through (the French ones are found
# through their translation key).
COMPLETED, READING, TESTING = (
    "reaction-and-recovery",
    "protecting-transport-hubs",
    "public-private-cooperation",
)

# Controls a finger must hit: buttons, form fields, summaries, navigation and stand-alone
# links (a link that is the whole content of its line, list item or heading). Links inside a
# sentence are exempt, as WCAG 2.5.8 exempts inline targets. A checkbox or radio button
# counts with its label, which toggles it too.
SMALL_TARGETS = """() => {
  const small = [];
  const controls = document.querySelectorAll(
    "button, input:not([type=hidden]), select, textarea, summary, a[href]");
  for (const el of controls) {
    if (el.closest(".skip-link") || el.classList.contains("skip-link")) continue;
    if (el.tagName === "A") {
      const parent = el.parentElement;
      if (parent.textContent.trim() !== el.textContent.trim()) continue;
    }
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (el.type === "checkbox" || el.type === "radio") {
      const label = el.closest("label") ||
        (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) box = label.getBoundingClientRect();
    }
    if (box.height < 43.5 || box.width < 43.5) {
      small.push(`${el.outerHTML.slice(0, 90)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "bypass_csp": True}


def _prepare(lang: str) -> tuple[list[str], list[str]]:
    """Bring the trainee to every state a page can show; (public paths, signed-in paths)."""
    user = get_user_model().objects.get(username=TRAINEES[lang])
    courses = {}
    for slug in (COMPLETED, READING, TESTING):
        english = CoursePage.objects.get(slug=slug)
        courses[slug] = CoursePage.objects.get(
            translation_key=english.translation_key, locale__language_code=lang
        )
    done = courses[COMPLETED]
    enrolment_create(user=user, course=done)
    pre = attempt_start(user=user, course=done, kind="pre")
    attempt_submit(attempt=pre, user=user, data=correct_answers(pre, wrong=3))
    for lesson in done.lessons():
        lesson_complete(user=user, lesson=lesson)
    post = attempt_start(user=user, course=done, kind="post")
    attempt_submit(attempt=post, user=user, data=correct_answers(post))
    reading = courses[READING]
    enrolment_create(user=user, course=reading)
    first = attempt_start(user=user, course=reading, kind="pre")
    attempt_submit(attempt=first, user=user, data=correct_answers(first))
    testing = courses[TESTING]
    enrolment_create(user=user, course=testing)
    open_attempt = attempt_start(user=user, course=testing, kind="pre")
    code = Certificate.objects.get(user=user, course_key=done.translation_key).code
    catalogue = {"en": "/en/courses/", "fr": "/fr/formations/"}[lang]
    public = [
        f"/{lang}/",
        catalogue,
        f"{catalogue}?topic=protection",
        f"/{lang}/learning/login/",
        f"/{lang}/learning/password-reset/",
        f"/{lang}/learning/verify/",
        f"/{lang}/learning/verify/{code}/",
    ]
    signed_in = [
        f"/{lang}/learning/my/",
        done.get_url(),
        *(lesson.get_url() for lesson in done.lessons()),
        *(lesson.get_url() for lesson in reading.lessons()),
        reading.get_url(),
        testing.get_url(),
        f"/{lang}/learning/attempts/{open_attempt.pk}/",
        f"/{lang}/learning/attempts/{pre.pk}/result/",
        f"/{lang}/learning/attempts/{post.pk}/result/",
        f"/{lang}/learning/courses/{done.pk}/survey/",
        f"/{lang}/register/profile/",
    ]
    assert QuizAttempt.objects.filter(user=user, status="open").count() == 1
    return public, signed_in


def _check(page, url: str) -> list[str]:
    response = page.goto(url)
    problems = []
    if response is None or response.status >= 400:
        return [f"HTTP {response.status if response else '?'}"]
    problems += serious_violations(page)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    problems += [f"target {t}" for t in page.evaluate(SMALL_TARGETS)]
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_trainee_pages_are_accessible_on_a_phone_in_both_languages(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    failures = {}
    for lang, email in TRAINEES.items():
        public, signed_in = _prepare(lang)
        page.context.clear_cookies()
        for path in public:
            failures[path] = _check(page, live_server.url + path)
        page.goto(f"{live_server.url}/{lang}/learning/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", "ctps-demo-2026")
        page.locator("main form button[type=submit]").click()
        for path in signed_in:
            failures[path] = _check(page, live_server.url + path)
    failures = {path: problems for path, problems in failures.items() if problems}
    report = "\n".join(f"{path}\n  " + "\n  ".join(problems) for path, problems in failures.items())
    assert not failures, report
