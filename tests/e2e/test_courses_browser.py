"""A demo trainee takes a whole course in a real Chromium: pre-test, every lesson, post-test."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Question, QuizAttempt

pytestmark = pytest.mark.browser

LABELS = {
    "en": {
        "email": "Email",
        "password": "Password",
        "sign_in": "Sign in",
        "enrol": "Enrol in this course",
        "pre": "Take the pre-test",
        "submit": "Submit my answers",
        "back": "Back to the course",
        "start": "Start the first lesson",
        "finished": "I have finished this lesson",
        "post": "Take the post-test",
        "passed": "Passed",
        "progress": "lessons (100%)",
        "completed": "Completed on",
    },
    "fr": {
        "email": "Adresse électronique",
        "password": "Mot de passe",
        "sign_in": "Se connecter",
        "enrol": "S’inscrire à cette formation",
        "pre": "Passer le test initial",
        "submit": "Envoyer mes réponses",
        "back": "Retour à la formation",
        "start": "Commencer la première leçon",
        "finished": "J’ai terminé cette leçon",
        "post": "Passer le test final",
        "passed": "Réussi",
        "progress": "(100\u202f%)",
        "completed": "Terminée le",
    },
}


def answer_every_question(page, *, right: bool):
    """Fill the quiz form; the right answers come from the database, never from the page."""
    attempt = QuizAttempt.objects.filter(status="open").latest("started_at")
    questions = Question.objects.prefetch_related("options").in_bulk(attempt.question_ids())
    for item in attempt.layout:
        question = questions[item["question"]]
        if question.kind == "numeric":
            value = question.numeric_answer if right else question.numeric_answer + 99
            page.fill(f"#q{question.pk}", f"{value.normalize():f}")
            continue
        options = [o for o in question.options.all() if o.is_correct == right]
        for option in options if question.kind == "multiple" else options[:1]:
            page.check(f"#o{option.pk}")


def take_course(page, base: str, lang: str, course_path: str, email: str):
    t = LABELS[lang]
    page.goto(f"{base}/{lang}/learning/login/")
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["password"], exact=True).fill("ctps-demo-2026")
    page.get_by_role("button", name=t["sign_in"]).click()
    page.goto(f"{base}/{lang}/{course_path}")
    page.get_by_role("button", name=t["enrol"]).click()
    if "/register/profile/" in page.url:
        # With the capability plugin installed, a first enrolment asks once for the profile
        # the register needs, then completes the enrolment and comes back to the course page.
        page.select_option("#id_country", label={"en": "Ghana", "fr": "Sénégal"}[lang])
        page.select_option("#id_sex", index=1)
        page.check("#id_consent")
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(re.escape(course_path)))
        expect(page.get_by_role("button", name=t["enrol"])).to_have_count(0)
    page.get_by_role("button", name=t["pre"]).click()
    # Each click starts a navigation; wait for the page it leads to before reading the
    # database or counting buttons, or the next step races the server.
    expect(page.get_by_role("button", name=t["submit"])).to_be_visible()
    answer_every_question(page, right=False)
    page.get_by_role("button", name=t["submit"]).click()
    page.get_by_role("link", name=t["back"]).click()
    page.get_by_role("link", name=re.compile(t["start"])).click()
    expect(page.locator("article.lesson h1")).to_be_visible()
    lessons = 0
    while page.get_by_role("button", name=t["finished"]).count():
        lesson_url = page.url
        page.get_by_role("button", name=t["finished"]).click()
        page.wait_for_url(lambda url, left=lesson_url: url != left)
        page.wait_for_load_state()
        lessons += 1
        if page.get_by_role("button", name=t["post"]).count():
            break
    assert lessons >= 4
    page.get_by_role("button", name=t["post"]).click()
    expect(page.get_by_role("button", name=t["submit"])).to_be_visible()
    answer_every_question(page, right=True)
    page.get_by_role("button", name=t["submit"]).click()
    expect(page.locator(".score")).to_contain_text("100")
    expect(page.locator(".score")).to_contain_text(t["passed"])
    page.get_by_role("link", name=t["back"]).click()
    expect(page.locator(".course-status")).to_contain_text(t["progress"])
    expect(page.locator(".course-status progress")).to_have_attribute("value", "100")
    expect(page.locator(".course-status")).to_contain_text(t["completed"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_trainee_completes_a_course_in_english(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    take_course(
        page,
        live_server.url,
        "en",
        "courses/risk-assessment-crowded-places/",
        "trainee@ctps.example",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_trainee_completes_a_course_in_french(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    take_course(
        page,
        live_server.url,
        "fr",
        "formations/commandement-grands-evenements/",
        "moussa.ndiaye@ctps.example",
    )
