"""Offline learning in a real Chromium: a trainee enrols, saves the course on the phone, goes
offline, reads every lesson, finishes them and answers the post-test, comes back online, and
the server holds each completion, the attempt and the certificate exactly once."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import (
    Certificate,
    Enrolment,
    LessonCompletion,
    OfflineSubmission,
    Option,
    QuizAttempt,
)
from tests.courses.conftest import register_in_capability
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.courses import (
    CoursePageFactory,
    OptionFactory,
    QuestionBankFactory,
    QuestionFactory,
    QuizFactory,
)

pytestmark = pytest.mark.browser


def _course():
    bank = QuestionBankFactory(title="Offline bank")
    for n in range(3):
        question = QuestionFactory(bank=bank, text=f"Offline question {n}?", sort_order=n)
        OptionFactory(question=question, text="Right", is_correct=True, feedback="Well done")
        OptionFactory(question=question, text="Wrong", feedback="Think again")
    post = QuizFactory(title="Post", bank=bank, attempt_limit=2, reveal_answers="never")
    return CoursePageFactory(
        title="Crowded places", slug="crowded", lessons=2, pre_test=None, post_test=post
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_course_learned_offline_is_recorded_once_back_online(live_server, page, context):
    course = _course()
    user = UserFactory(email="bus.rider@example.org", first_name="Ama", last_name="Owusu")
    register_in_capability(user)
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{base}/en/learning/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}{course.url}")
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.locator(".messages")).to_contain_text("You are enrolled")

    # Saved on Wi-Fi: the size first, then the badge and the time of the last sync.
    box = page.locator("[data-offline-course]")
    expect(box).to_be_visible()
    expect(box.locator("[data-offline-size]")).to_have_text(re.compile(r"MB$"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.get_by_role("button", name="Make available offline").click()
    expect(box.locator("[data-offline-badge]")).to_be_visible(timeout=20_000)
    expect(box.locator("[data-offline-synced]")).not_to_be_empty()
    expect(page.get_by_role("button", name="Remove offline copy")).to_be_visible()

    # On the bus: every lesson from the phone, each finished and queued.
    context.set_offline(True)
    lessons = list(course.lessons())
    page.goto(f"{base}{lessons[0].url}")
    expect(page.locator("h1")).to_have_text(lessons[0].title)
    page.get_by_role("button", name="I have finished this lesson").click()
    expect(page.locator(".offline-queued")).to_contain_text("will be marked complete")
    page.get_by_role("link", name=re.compile("Next lesson")).click()
    expect(page.locator("h1")).to_have_text(lessons[1].title)
    page.get_by_role("button", name="I have finished this lesson").click()
    expect(page.locator(".offline-queued")).to_contain_text("will be marked complete")
    expect(page.locator(".offline-waiting")).to_contain_text("2 action(s)")

    # The post-test from the phone: questions only, the answers queued for grading.
    page.goto(f"{base}{course.url}")
    page.get_by_role("link", name="Answer the post-test offline").click()
    expect(page.locator("main")).to_contain_text("Offline question 0?")
    expect(page.locator("main")).not_to_contain_text("Well done")
    for value in page.locator("input[type=radio]").evaluate_all("els => els.map(e => e.value)"):
        if Option.objects.get(pk=int(value)).is_correct:
            page.check(f"input[value='{value}']")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".offline-queued")).to_contain_text("graded when you are back online")
    assert not LessonCompletion.objects.exists() and not QuizAttempt.objects.exists()

    # Back online: everything is sent once, in order, and the server's answers are shown.
    context.set_offline(False)
    page.goto(f"{base}/en/learning/my/")
    expect(page.locator(".offline-status")).to_contain_text("passed", timeout=20_000)
    expect(page.locator(".offline-waiting")).to_have_count(0)
    page.reload()  # nothing is sent twice
    expect(page.locator(".offline-status .message")).to_have_count(0)
    assert LessonCompletion.objects.filter(user=user).count() == 2
    attempt = QuizAttempt.objects.get(user=user)
    assert attempt.passed is True
    assert Enrolment.objects.get(user=user).completed_at is not None
    assert Certificate.objects.filter(user=user).count() == 1
    assert OfflineSubmission.objects.filter(user=user, outcome="accepted").count() == 3

    # Signing out removes the saved course from the phone.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_function(
        "caches.keys().then(keys => !keys.some(k => k.startsWith('ctps-course-')))"
    )
