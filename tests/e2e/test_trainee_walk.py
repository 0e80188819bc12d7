"""One trainee's whole course in a real Chromium on a phone screen, once in English and once
in French, with axe-core run on every page the walk reaches: sign in, catalogue, enrol,
pre-test, every lesson (one with images, one with the captioned video and its transcript),
post-test, certificate (its PDF and its public verification page), reaction survey.

No serious or critical axe violation may appear on any of them. axe-core is the vendored copy
of tests/e2e/vendor/axe-core/ (see test_accessibility.py); the context bypasses the CSP to
let the script in.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.demo import correct_answers
from courses.models import Certificate, CoursePage, QuizAttempt, SurveyResponse

from .axe import serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
PASSWORD = "ctps-demo-2026"
# Demo trainees not yet enrolled in the course walked: its first lesson has the video, two
# others have images.
TRAINEES = {"en": "trainee@ctps.example", "fr": "moussa.ndiaye@ctps.example"}
COURSE = "reaction-and-recovery"
CATALOGUE = {"en": "/en/courses/", "fr": "/fr/formations/"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "bypass_csp": True}


class Walk:
    """The page, and what axe found on each URL it reached."""

    def __init__(self, page, base: str):
        self.page, self.base, self.found, self.seen = page, base, {}, []

    def axe(self):
        url = self.page.url.removeprefix(self.base)
        self.seen.append(url)
        violations = serious_violations(self.page)
        if violations:
            self.found[url] = violations

    def go(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response)
        self.axe()

    def submit(self, selector: str):
        """Press the submit button of the form matched by `selector`, then check the result."""
        with self.page.expect_navigation():
            self.page.locator(selector).locator("button[type=submit]").first.click()
        self.axe()


def _answer(page, attempt: QuizAttempt, *, wrong: int = 0):
    """Fill the test in the browser: right answers, the first `wrong` ones wrong."""
    data = correct_answers(attempt, wrong=wrong)
    for key in data:
        values = data.getlist(key)
        field = page.locator(f"#{key}")
        if field.count():  # a numeric answer
            field.fill(values[0])
            continue
        for value in values:
            page.check(f"#o{value}")


def _walk(page, base: str, lang: str):
    walk = Walk(page, base)
    english = CoursePage.objects.get(slug=COURSE, locale__language_code="en")
    course = CoursePage.objects.get(
        translation_key=english.translation_key, locale__language_code=lang
    )
    email = TRAINEES[lang]
    assert not course.enrolments.filter(user__email=email).exists()

    walk.go(f"/{lang}/learning/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    walk.submit("main form")

    walk.go(CATALOGUE[lang])
    with page.expect_navigation():
        page.locator(f'main a[href="{course.url}"]').first.click()
    walk.axe()
    walk.submit(f'form[action$="/courses/{course.pk}/enrol/"]')
    if "/register/profile/" in page.url:  # the register asks once for the profile
        from capability.register.models import Country

        country = Country.objects.get(code={"en": "GH", "fr": "SN"}[lang])
        page.select_option("#id_country", value=str(country.pk))
        page.select_option("#id_sex", value="X")
        page.check("#id_consent")
        walk.submit("main form")  # back on the course, enrolled
    assert course.enrolments.filter(user__email=email).exists()

    # Pre-test, a few answers wrong; no answer revealed.
    walk.submit(f'form[action$="/courses/{course.pk}/test/pre/"]')
    pre = QuizAttempt.objects.get(user__email=email, kind="pre", status="open")
    _answer(page, pre, wrong=2)
    walk.submit("form.quiz")
    expect(page.locator(".review")).to_have_count(0)

    # Every lesson, read and marked done.
    media = {"image": 0, "video": 0}
    for lesson in course.lessons():
        walk.go(lesson.url)
        media["image"] += page.locator("main img[srcset][alt]").count()
        if page.locator("main video").count():
            media["video"] += 1
            expect(page.locator("main video track[kind=captions]")).to_have_count(1)
            transcript = page.locator("main details", has=page.locator("summary")).first
            transcript.locator("summary").click()
            expect(transcript).to_have_attribute("open", "")
            walk.axe()  # the transcript open
        walk.submit(f'form[action$="/lessons/{lesson.pk}/complete/"]')
    assert media["image"] >= 1 and media["video"] == 1, media

    # Post-test: passed.
    walk.go(course.url)
    walk.submit(f'form[action$="/courses/{course.pk}/test/post/"]')
    post = QuizAttempt.objects.get(user__email=email, kind="post", status="open")
    assert not set(post.question_ids()) & set(pre.question_ids())
    _answer(page, post)
    walk.submit("form.quiz")
    expect(page.locator(".review").first).to_be_visible()  # passed: answers shown

    # The certificate: the PDF from the course page, and its public verification page.
    walk.go(course.url)
    certificate = Certificate.objects.get(user__email=email, course_key=course.translation_key)
    link = page.locator(f'a[href$="/certificates/{certificate.pk}/pdf/"]')
    expect(link).to_have_count(1)
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    walk.go(f"/{lang}/learning/verify/{certificate.code}/")

    # The reaction survey.
    walk.go(course.url)
    with page.expect_navigation():
        page.locator(f'a[href$="/courses/{course.pk}/survey/"]').click()
    walk.axe()
    for name in ("relevance", "clarity", "applicability"):
        page.check(f'input[name="{name}"][value="4"]')
    page.fill('textarea[name="comment"]', "Clear and useful.")
    walk.submit("form.survey")
    assert SurveyResponse.objects.filter(user__email=email).exists()

    assert len(walk.seen) >= 12 + len(course.lessons())
    report = "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in walk.found.items())
    assert not walk.found, report


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_trainee_walks_a_whole_course_in_english_and_french(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for lang in TRAINEES:
        page.context.clear_cookies()
        _walk(page, live_server.url, lang)
        expect(page.locator("html")).to_have_attribute("lang", re.compile(f"^{lang}"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_requests_access_in_english_and_french(live_server, page):
    """The request-access form from a course page, on a phone, axe-clean in both languages."""
    from courses.models import RegistrationRequest
    from tests.factories.courses import CoursePageFactory

    course = CoursePageFactory(title="Protecting crowded places", self_enrolment=False)
    walk = Walk(page, live_server.url)
    for lang, email in (("en", "ama@example.org"), ("fr", "awa@example.org")):
        walk.go(f"/{lang}/learning/request-access/?course={course.pk}")
        expect(page.locator("#id_course")).to_have_value(str(course.pk))
        walk.submit("form.request-access")  # empty: every required field says so
        expect(page.locator(".error").first).to_be_visible()
        page.fill("#id_first_name", "Ama")
        page.fill("#id_last_name", "Owusu")
        page.fill("#id_email", email)
        page.select_option("#id_country", "GH")
        page.fill("#id_organisation", "Accra Mall security")
        walk.submit("form.request-access")
        expect(page.locator("h1")).to_have_text(
            {"en": "Request received", "fr": "Demande reçue"}[lang]
        )
    assert set(RegistrationRequest.objects.values_list("email", "language")) == {
        ("ama@example.org", "en"),
        ("awa@example.org", "fr"),
    }
    report = "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in walk.found.items())
    assert not walk.found, report
