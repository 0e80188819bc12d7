"""A new trainee in a real Chromium, in English and in French: the profile step completes the
enrolment, the pre-test reveals no answer, the post-test asks other questions, counts down in
the trainee's own clock, and reads "2,000" (English) and "2 000" (French) as two thousand;
axe-core finds no serious or critical violation on the pages of the tests."""

import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from courses.models import Question, QuizAttempt
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.courses import (
    CoursePageFactory,
    OptionFactory,
    QuestionBankFactory,
    QuestionFactory,
    QuizFactory,
)
from tests.factories.site import locale

from .axe import serious_violations

pytestmark = pytest.mark.browser

T = {
    "en": {
        "email": "Email",
        "password": "Password",
        "sign_in": "Sign in",
        "enrol": "Enrol in this course",
        "enrolled": "You are enrolled",
        "pre": "Take the pre-test",
        "submit": "Submit my answers",
        "hidden": "The correct answers are not shown after the pre-test",
        "back": "Back to the course",
        "start": "Start the first lesson",
        "finished": "I have finished this lesson",
        "post": "Take the post-test",
        "passed": "Passed",
        "two_thousand": "2,000",
        "sign_out": "Sign out",
    },
    "fr": {
        "email": "Adresse électronique",
        "password": "Mot de passe",
        "sign_in": "Se connecter",
        "enrol": "S’inscrire à cette formation",
        "enrolled": "Vous êtes inscrit",
        "pre": "Passer le test initial",
        "submit": "Envoyer mes réponses",
        "hidden": "Les bonnes réponses ne sont pas affichées après le pré-test",
        "back": "Retour à la formation",
        "start": "Commencer la première leçon",
        "finished": "J’ai terminé cette leçon",
        "post": "Passer le test final",
        "passed": "Réussi",
        "two_thousand": "2\u202f000",
        "sign_out": "Se déconnecter",
    },
}


def _form(title: str, lang: str, texts: list[str], numeric: bool):
    """A bank of single-choice questions (first option right), plus the numeric one."""
    bank = QuestionBankFactory(title=f"{title} ({lang})")
    for order, text in enumerate(texts):
        question = QuestionFactory(bank=bank, text=text, sort_order=order, competency="RA")
        OptionFactory(question=question, text={"en": "Yes", "fr": "Oui"}[lang], is_correct=True)
        OptionFactory(question=question, text={"en": "No", "fr": "Non"}[lang])
    if numeric:
        QuestionFactory(
            bank=bank,
            kind="numeric",
            competency="RA",
            sort_order=99,
            text={
                "en": "8,000 visitors come; 25 % in the first hour. How many in that hour?",
                "fr": "8 000 visiteurs viennent ; 25 % la première heure. Combien dans l’heure ?",
            }[lang],
            numeric_answer=2000,
        )
    return bank


def _course(lang: str):
    """A course with a pre-test form and an equivalent post-test form (other questions, the
    same competency), in `lang`; a French course is the translation of an English one."""
    pre = QuizFactory(
        title=f"Pre ({lang})",
        bank=_form("Pre", lang, [f"Pre question {n} ({lang})?" for n in range(4)], False),
        attempt_limit=1,
    )
    post = QuizFactory(
        title=f"Post ({lang})",
        bank=_form("Post", lang, [f"Post question {n} ({lang})?" for n in range(3)], True),
        attempt_limit=3,
        time_limit_minutes=30,
    )
    course = CoursePageFactory(
        title="Crowded places", slug=f"crowded-{lang}", lessons=1, pre_test=pre, post_test=post
    )
    if lang == "en":
        return course
    course_fr = course.copy_for_translation(locale("fr"), copy_parents=True)
    course_fr.title, course_fr.pre_test, course_fr.post_test = "Lieux bondés", pre, post
    course_fr.save_revision().publish()
    for lesson in course.lessons():
        lesson.copy_for_translation(locale("fr")).save_revision().publish()
    return course_fr


def _answer(page, *, right: bool, two_thousand: str):
    attempt = QuizAttempt.objects.filter(status="open").latest("started_at")
    questions = Question.objects.prefetch_related("options").in_bulk(attempt.question_ids())
    for item in attempt.layout:
        question = questions[item["question"]]
        if question.kind == "numeric":
            page.fill(f"#q{question.pk}", two_thousand if right else "15")
            continue
        option = next(o for o in question.options.all() if o.is_correct == right)
        page.check(f"#o{option.pk}")
    return {questions[item["question"]].text for item in attempt.layout}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script: the site's strict CSP (script-src 'self') would block it
    return {**browser_context_args, "bypass_csp": True}


def _walk(page, base: str, lang: str):
    if not apps.is_installed("capability.register"):
        pytest.skip("the profile step belongs to the register plugin")
    t = T[lang]
    found = {}  # axe's serious or critical violations, by the page they were found on

    def axe(step: str):
        if violations := serious_violations(page):
            found[step] = violations

    course = _course(lang)
    UserFactory(email=f"new.{lang}@example.org", first_name="Ama", last_name="Owusu")
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{base}/{lang}/learning/login/")
    page.get_by_label(t["email"]).fill(f"new.{lang}@example.org")
    page.get_by_label(t["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t["sign_in"]).click()
    page.goto(f"{base}{course.url}")
    page.get_by_role("button", name=t["enrol"]).click()

    # The profile: sex starts empty and must be chosen; saving completes the enrolment.
    expect(page).to_have_url(re.compile("/register/profile/"))
    expect(page.locator("#id_sex")).to_have_value("")
    axe("profile")
    page.select_option("#id_country", value=str(_country_pk("SN" if lang == "fr" else "GH")))
    page.select_option("#id_sex", value="X")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    expect(page.locator(".messages")).to_contain_text(t["enrolled"])
    expect(page.get_by_role("button", name=t["enrol"])).to_have_count(0)

    # Pre-test: graded, no answer revealed.
    page.get_by_role("button", name=t["pre"]).click()
    asked_before = _answer(page, right=False, two_thousand=t["two_thousand"])
    axe("pre-test")
    page.get_by_role("button", name=t["submit"]).click()
    expect(page.locator(".score")).to_contain_text("0")
    expect(page.locator("main")).to_contain_text(t["hidden"])
    expect(page.locator(".review")).to_have_count(0)
    axe("pre-test result")
    expect(page.locator("main")).not_to_contain_text("Pre question 0")

    page.get_by_role("link", name=t["back"]).click()
    page.get_by_role("link", name=re.compile(t["start"])).click()
    page.get_by_role("button", name=t["finished"]).click()

    # Post-test: other questions, a countdown, "2,000" / "2 000" read as two thousand.
    page.get_by_role("button", name=t["post"]).click()
    expect(page.locator("[data-countdown]")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    expect(page.locator("[data-local-time]")).not_to_be_empty()
    asked_after = _answer(page, right=True, two_thousand=t["two_thousand"])
    assert asked_after and not asked_after & asked_before
    axe("post-test")
    page.get_by_role("button", name=t["submit"]).click()
    expect(page.locator(".score")).to_contain_text("100")
    expect(page.locator(".score")).to_contain_text(t["passed"])
    expect(page.locator(".review").first).to_be_visible()  # passed: the answers are shown
    axe("post-test result")

    # Sign out from the navigation (a POST button).
    page.get_by_role("button", name=t["sign_out"]).click()
    expect(page.get_by_role("button", name=t["sign_out"])).to_have_count(0)
    assert found == {}, found


def _country_pk(code: str) -> int:
    from capability.register.models import Country

    return Country.objects.get(code=code).pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_trainee_pre_and_post_test_in_english(live_server, page):
    _walk(page, live_server.url, "en")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_trainee_pre_and_post_test_in_french(live_server, page):
    _walk(page, live_server.url, "fr")
