"""Offline learning on the server: the sync endpoint (each action once, graded here, conflicts
said in plain words), the course's offline package and its version, the offline post-test
(never the answers), and the installable app (manifest, service worker)."""

import json
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from courses.models import (
    Certificate,
    Enrolment,
    LessonCompletion,
    OfflineSubmission,
    Question,
    QuizAttempt,
)
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_complete
from courses.services.quizzes import attempt_start, attempt_submit
from tests.factories.accounts import PASSWORD

from .conftest import answers_for

SYNC = "/en/learning/offline/sync/"

# Parametrize ids must be the same in every xdist worker: fixed keys, not uuid4().
FIXED_KEYS = ("9d6f4a52-1c1e-4c55-8f0e-3a2b7d1e6c01", "9d6f4a52-1c1e-4c55-8f0e-3a2b7d1e6c02")


@pytest.fixture
def csrf_client(trainee):
    """A browser-like client: CSRF checked, signed in, holding its CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=trainee.email, password=PASSWORD)
    client.get("/en/learning/my/")
    return client


def send(client, *, kind, payload, key=None, csrf=True, language="en"):
    headers = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value} if csrf else {}
    return client.post(
        f"/{language}/learning/offline/sync/",
        json.dumps({"uuid": str(key or uuid.uuid4()), "kind": kind, "payload": payload}),
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def course(make_course, trainee):
    course = make_course(lessons=2, pre=False)
    enrolment_create(user=trainee, course=course)
    return course


def offline_draw(client, course) -> tuple[str, list[int]]:
    """The draw token and question ids of the offline post-test page."""
    response = client.get(reverse("courses:offline_test", args=[course.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'name="draw" value="([^"]+)"', html).group(1)
    return token, [int(pk) for pk in re.findall(r'name="q(\d+)"', html)]


def right_answers(question_ids) -> dict:
    answers = {}
    for question in Question.objects.filter(pk__in=set(question_ids)):
        if question.kind == "numeric":
            answers[f"q{question.pk}"] = ["10.2"]
            continue
        chosen = [str(o.pk) for o in question.options.all() if o.is_correct]
        answers[f"q{question.pk}"] = chosen if question.kind == "multiple" else chosen[:1]
    return answers


@pytest.mark.django_db
class TestLessonSync:
    def test_a_lesson_finished_offline_is_recorded_once_and_a_replay_returns_the_first_result(
        self, csrf_client, course, trainee
    ):
        lesson = course.lessons().first()
        key = uuid.uuid4()
        first = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, key=key)
        assert first.status_code == 200
        assert first.json()["outcome"] == "accepted"
        assert first.json()["replayed"] is False
        assert "marked complete" in first.json()["message"]
        again = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, key=key)
        assert again.status_code == 200
        assert again.json() == {**first.json(), "replayed": True}
        assert OfflineSubmission.objects.filter(uuid=key).count() == 1
        assert (
            LessonCompletion.objects.filter(user=trainee, lesson_key=lesson.translation_key).count()
            == 1
        )

    def test_csrf_token_required(self, csrf_client, course):
        lesson = course.lessons().first()
        response = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, csrf=False)
        assert response.status_code == 403
        assert not OfflineSubmission.objects.exists()

    def test_signed_out_is_refused_and_nothing_recorded(self, course):
        client = Client()
        response = client.post(
            SYNC,
            json.dumps({"uuid": str(uuid.uuid4()), "kind": "lesson", "payload": {"lesson": 1}}),
            content_type="application/json",
        )
        assert response.status_code == 403
        assert "Sign in" in response.json()["error"]
        assert client.get(SYNC).status_code == 405
        assert not OfflineSubmission.objects.exists()

    def test_another_accounts_uuid_is_refused(self, csrf_client, course, make_user):
        other = make_user("ama@example.org", "Trainee")
        enrolment_create(user=other, course=course)
        lesson = course.lessons().first()
        key = uuid.uuid4()
        other_client = Client(enforce_csrf_checks=True)
        other_client.login(username=other.email, password=PASSWORD)
        other_client.get("/en/learning/my/")
        assert (
            send(other_client, kind="lesson", payload={"lesson": lesson.pk}, key=key).json()[
                "outcome"
            ]
            == "accepted"
        )
        response = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, key=key)
        assert response.status_code == 400
        assert "another account" in response.json()["error"]
        assert not LessonCompletion.objects.filter(user__email="kofi@example.org").exists()

    @pytest.mark.parametrize(
        "body",
        [
            "not json",
            json.dumps([1, 2]),
            json.dumps({"uuid": "nope", "kind": "lesson", "payload": {}}),
            json.dumps(
                {"uuid": "9d6f4a52-1c1e-4c55-8f0e-3a2b7d1e6c01", "kind": "survey", "payload": {}}
            ),
            json.dumps(
                {"uuid": "9d6f4a52-1c1e-4c55-8f0e-3a2b7d1e6c02", "kind": "lesson", "payload": "x"}
            ),
        ],
    )
    def test_unreadable_actions_get_a_sentence_and_change_nothing(self, csrf_client, course, body):
        response = csrf_client.post(
            SYNC,
            body,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=csrf_client.cookies["csrftoken"].value,
        )
        assert response.status_code == 400
        assert response.json()["error"]
        assert not OfflineSubmission.objects.exists()

    def test_unenrolled_meanwhile_is_refused_in_plain_words_english_and_french(
        self, csrf_client, course, trainee
    ):
        lesson = course.lessons().first()
        Enrolment.objects.filter(user=trainee).delete()
        english = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}).json()
        assert english["outcome"] == "refused"
        assert english["message"] == "Enrol in this course to read its lessons."
        french = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, language="fr")
        assert french.json()["outcome"] == "refused"
        assert "Inscrivez-vous" in french.json()["message"]
        assert not LessonCompletion.objects.exists()
        # The refusal is kept: a replay says the same, nothing is tried again.
        assert OfflineSubmission.objects.filter(outcome="refused").count() == 2

    def test_course_unpublished_meanwhile_is_refused(self, csrf_client, course):
        lesson = course.lessons().first()
        course.unpublish()
        response = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk})
        assert response.json()["outcome"] == "refused"
        assert "no longer published" in response.json()["message"]
        assert not LessonCompletion.objects.exists()


@pytest.mark.django_db
class TestOfflineTest:
    def test_the_offline_page_shows_questions_never_answers(self, csrf_client, course):
        html = csrf_client.get(reverse("courses:offline_test", args=[course.pk])).content.decode()
        assert "Single?" in html
        for secret in ("Yes!", "think again", "is_correct", "correct"):
            assert secret not in html

    def test_completing_offline_records_attempt_completion_and_certificate_once(
        self, csrf_client, course, trainee
    ):
        for lesson in course.lessons():
            assert (
                send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}).json()["outcome"]
                == "accepted"
            )
        token, ids = offline_draw(csrf_client, course)
        key = uuid.uuid4()
        payload = {"draw": token, "answers": right_answers(ids)}
        first = send(csrf_client, kind="test", payload=payload, key=key).json()
        assert first["outcome"] == "accepted", first
        assert "passed" in first["message"]
        again = send(csrf_client, kind="test", payload=payload, key=key).json()
        assert again["replayed"] is True and again["url"] == first["url"]
        attempts = QuizAttempt.objects.filter(user=trainee, kind="post")
        assert attempts.count() == 1
        assert attempts.get().passed is True
        assert Enrolment.objects.get(user=trainee).completed_at is not None
        assert Certificate.objects.filter(user=trainee).count() == 1
        # Another UUID with the same answers is a second attempt, refused: course complete.
        third = send(csrf_client, kind="test", payload=payload).json()
        assert third["outcome"] == "refused"
        assert "already completed" in third["message"]
        assert QuizAttempt.objects.filter(user=trainee).count() == 1

    def test_answers_sent_before_the_lessons_are_done_are_refused(self, csrf_client, course):
        token, ids = offline_draw(csrf_client, course)
        result = send(
            csrf_client, kind="test", payload={"draw": token, "answers": right_answers(ids)}
        )
        assert result.json()["outcome"] == "refused"
        assert "Finish every required lesson" in result.json()["message"]
        assert not QuizAttempt.objects.exists()

    def test_attempt_limit_reached_meanwhile(self, csrf_client, make_course, trainee):
        course = make_course(lessons=1, pre=False, attempt_limit=1)
        enrolment_create(user=trainee, course=course)
        lesson_complete(user=trainee, lesson=course.lessons().first())
        token, ids = offline_draw(csrf_client, course)  # downloaded with one attempt left
        online = attempt_start(user=trainee, course=course, kind="post")
        attempt_submit(attempt=online, user=trainee, data=answers_for(online, right=False))
        result = send(
            csrf_client, kind="test", payload={"draw": token, "answers": right_answers(ids)}
        )
        assert result.json()["outcome"] == "refused"
        assert result.json()["message"] == "You have used all 1 attempts allowed for this test."
        assert QuizAttempt.objects.filter(user=trainee).count() == 1
        # The course page no longer offers the test offline.
        page = csrf_client.get(reverse("courses:offline_test", args=[course.pk]))
        assert "cannot be taken any more" in page.content.decode()
        package = csrf_client.get(reverse("courses:offline_package", args=[course.pk])).json()
        assert package["test"] is False

    def test_a_timed_test_cannot_be_taken_offline_and_the_page_says_so(
        self, csrf_client, make_course, trainee
    ):
        course = make_course(lessons=1, pre=False, time_limit_minutes=20)
        enrolment_create(user=trainee, course=course)
        page = csrf_client.get(reverse("courses:offline_test", args=[course.pk])).content.decode()
        assert "time limit, so it cannot be taken offline" in page
        assert 'name="draw"' not in page
        package = csrf_client.get(reverse("courses:offline_package", args=[course.pk])).json()
        assert package["test"] is False
        assert reverse("courses:offline_test", args=[course.pk]) not in package["urls"]

    def test_a_forged_or_changed_draw_is_refused(self, csrf_client, course, trainee):
        for lesson in course.lessons():
            lesson_complete(user=trainee, lesson=lesson)
        token, ids = offline_draw(csrf_client, course)
        forged = send(csrf_client, kind="test", payload={"draw": token[:-2] + "xx", "answers": {}})
        assert forged.json()["outcome"] == "refused"
        assert "changed after you downloaded it" in forged.json()["message"]
        Question.objects.filter(pk=ids[0]).delete()
        changed = send(csrf_client, kind="test", payload={"draw": token, "answers": {}})
        assert "changed after you downloaded it" in changed.json()["message"]
        assert not QuizAttempt.objects.exists()

    def test_not_enrolled_cannot_open_the_offline_test(self, make_course, client, trainee):
        course = make_course(lessons=1, pre=False)
        client.login(username=trainee.email, password=PASSWORD)
        assert client.get(reverse("courses:offline_test", args=[course.pk])).status_code == 403
        anonymous = Client().get(reverse("courses:offline_test", args=[course.pk]))
        assert anonymous.status_code == 302

    def test_without_javascript_the_form_posts_and_shows_the_result(
        self, csrf_client, course, trainee
    ):
        for lesson in course.lessons():
            lesson_complete(user=trainee, lesson=lesson)
        page = csrf_client.get(reverse("courses:offline_test", args=[course.pk])).content.decode()
        token, ids = offline_draw(csrf_client, course)
        key = re.search(r'name="uuid" value="([^"]+)"', page).group(1)
        data = {"uuid": key, "draw": token, **right_answers(ids)}
        data["csrfmiddlewaretoken"] = csrf_client.cookies["csrftoken"].value
        response = csrf_client.post(reverse("courses:offline_submit"), data, follow=True)
        assert response.redirect_chain[-1][0].startswith("/en/learning/attempts/")
        assert "passed" in response.content.decode()
        assert QuizAttempt.objects.filter(user=trainee, passed=True).count() == 1


@pytest.mark.django_db
class TestPackage:
    def url(self, course):
        return reverse("courses:offline_package", args=[course.pk])

    def test_the_package_lists_the_course_lessons_test_and_my_learning_with_a_size(
        self, csrf_client, course, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(25):
            package = csrf_client.get(self.url(course)).json()
        urls = package["urls"]
        assert course.url in urls
        for lesson in course.lessons():
            assert lesson.url in urls
        assert reverse("courses:my_learning") in urls
        assert reverse("courses:offline_test", args=[course.pk]) in urls
        assert any(url.endswith("offline.js") for url in urls)
        assert package["bytes"] > 0
        assert package["test"] is True
        assert csrf_client.get(self.url(course)).json() == package  # deterministic

    def test_a_republished_lesson_changes_the_version(self, csrf_client, course):
        before = csrf_client.get(self.url(course)).json()["version"]
        lesson = course.lessons().first()
        lesson.title = "Lesson 1, revised"
        lesson.save_revision().publish()
        after = csrf_client.get(self.url(course)).json()
        assert after["version"] != before
        course.save_revision().publish()
        assert csrf_client.get(self.url(course)).json()["version"] != after["version"]

    def test_unenrolment_signed_out_and_unpublished_tell_the_browser_to_remove_its_copy(
        self, csrf_client, course, trainee
    ):
        assert csrf_client.get(self.url(course)).status_code == 200
        assert Client().get(self.url(course)).status_code == 403
        Enrolment.objects.filter(user=trainee).delete()
        refused = csrf_client.get(self.url(course))
        assert refused.status_code == 403
        assert refused.json()["error"] == "You are not enrolled in this course."
        enrolment_create(user=trainee, course=course)
        course.unpublish()
        assert csrf_client.get(self.url(course)).status_code == 404

    def test_a_pending_pre_test_asks_to_wait(self, csrf_client, make_course, trainee):
        course = make_course(lessons=1)
        enrolment_create(user=trainee, course=course)
        response = csrf_client.get(self.url(course))
        assert response.status_code == 409
        assert "pre-test" in response.json()["error"]

    def test_the_course_page_offers_offline_use_to_enrolled_trainees_only(
        self, csrf_client, course, make_course
    ):
        html = csrf_client.get(course.url).content.decode()
        assert "data-offline-course" in html and "Make available offline" in html
        other = make_course(lessons=1, pre=False)
        assert "data-offline-course" not in csrf_client.get(other.url).content.decode()


@pytest.mark.django_db
class TestInstallable:
    def test_the_service_worker_is_served_from_the_root_and_versioned(self, client):
        response = client.get("/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Service-Worker-Allowed"] == "/"
        assert "no-cache" in response["Cache-Control"]
        body = response.content.decode()
        version = re.search(r"version ([0-9a-f]{12})", body).group(1)
        assert client.get("/sw.js").content.decode() == body
        assert "__VERSION__" not in body and version
        assert "script-src 'self'" in response["Content-Security-Policy"]

    @pytest.mark.parametrize("language", ["en", "fr"])
    def test_the_web_manifest_starts_in_its_language(self, client, language):
        manifest = client.get(f"/{language}/learning/app.webmanifest")
        assert manifest["Content-Type"] == "application/manifest+json"
        data = manifest.json()
        assert data["start_url"] == f"/{language}/"
        assert data["scope"] == "/"
        assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
        for icon in data["icons"]:
            assert finders.find(icon["src"].removeprefix("/static/"))
        if language == "fr":
            assert data["description"].startswith("Des formations")

    def test_every_public_page_links_the_manifest_and_the_offline_script(self, client, course):
        html = client.get(course.url).content.decode()
        assert 'rel="manifest" href="/en/learning/app.webmanifest"' in html
        assert "courses/offline.js" in html and 'data-user="0"' in html
        assert "<script>" not in html  # no inline script: the CSP stays strict


@pytest.mark.django_db
def test_an_action_still_being_received_asks_the_browser_to_retry(csrf_client, course, trainee):
    """A database that shows a row before its transaction ends (SQLite's shared cache in the
    test server) must not make a second copy report an empty result: 409, retried later."""
    key = uuid.uuid4()
    OfflineSubmission.objects.create(uuid=key, user=trainee, kind="lesson", outcome="")
    lesson = course.lessons().first()
    response = send(csrf_client, kind="lesson", payload={"lesson": lesson.pk}, key=key)
    assert response.status_code == 409
    assert "retried" in response.json()["error"]
    assert not LessonCompletion.objects.exists()


@pytest.mark.django_db
def test_the_package_holds_every_image_width_and_the_video_each_with_its_exact_size(
    csrf_client, course
):
    """What the lesson page shows is saved: the three widths of its srcset, the uploaded
    video; the total is the pages' estimate plus these files' sizes, the same every time."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from courses.selectors.offline import offline_package

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "navy").save(buffer, "PNG")
    image = Image.objects.create(title="Market", file=ContentFile(buffer.getvalue(), "m.png"))
    video = Document.objects.create(title="Drill", file=ContentFile(b"\x00" * 5000, "drill.mp4"))
    lesson = course.lessons().first().specific
    lesson.body = [
        ("image", {"image": image, "alt_text": "Gate", "caption": ""}),
        ("video", {"video": video, "title": "Drill", "transcript": "Guards open the gates."}),
    ]
    lesson.save_revision().publish()
    package = csrf_client.get(reverse("courses:offline_package", args=[course.pk])).json()
    html = csrf_client.get(lesson.url).content.decode()
    for width in ("width-400", "width-800", "width-1200"):
        src = re.search(rf'(/media/images/[^ "]*\.{width}\.[a-z]+)', html)[1]
        assert src in package["urls"], width
    assert video.url in package["urls"]
    renditions = image.get_renditions("width-400", "width-800", "width-1200").values()
    media = sum(r.file.size for r in renditions) + 5000
    assert package["bytes"] > media
    assert (
        package["bytes"]
        == csrf_client.get(reverse("courses:offline_package", args=[course.pk])).json()["bytes"]
    )
    # The bench's figure: a trainee who has just enrolled, without a request.
    assert offline_package(course=course)["bytes"] == package["bytes"]
