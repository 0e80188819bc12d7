"""The catalogue covers the programme: every topic and audience filter lists courses, in
both languages; lesson durations match their content; pre- and post-tests are equivalent
forms; lessons carry images (with srcset and alt text) and a captioned video."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders

from courses.demo import correct_answers
from courses.demo_catalogue import MODULES
from courses.demo_catalogue.timing import lesson_range, stated_minutes_fit
from courses.models import CourseAudience, CoursePage, Enrolment, LessonPage
from courses.models.pages import AUDIENCE_FILTERS, TOPICS
from courses.services.enrolment import enrolment_create
from courses.services.quizzes import attempt_start, attempt_submit

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "courses"
MEDIA = FIXTURES / "media"
CATALOGUES = {"en": "/en/courses/", "fr": "/fr/formations/"}


def _specs():
    """Every demo course spec: the two JSON courses and the catalogue modules."""
    specs = [
        json.loads((FIXTURES / n).read_text())
        for n in ("risk_assessment.json", "command_control.json")
    ]
    return specs + [module.COURSE for module in MODULES]


def _video_seconds() -> dict:
    """Length of each demo video, from the end of its last caption."""
    seconds = {}
    for vtt in MEDIA.glob("*.en.vtt"):
        ends = re.findall(r"--> 00:(\d\d):(\d\d\.\d+)", vtt.read_text())
        minutes, secs = ends[-1]
        seconds[vtt.name.removesuffix(".en.vtt")] = int(minutes) * 60 + float(secs)
    return seconds


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card__title"><a [^>]*>([^<]+)</a>', html)


# --- filters, with factories -------------------------------------------------------------


def test_audience_filter_lists_courses_written_for_everyone_or_that_audience(client, make_course):
    everyone = make_course()  # audience "all"
    police = make_course()
    CoursePage.objects.filter(pk=police.pk).update(audience="police")
    operators = make_course()
    CoursePage.objects.filter(pk=operators.pk).update(audience="authority")
    CourseAudience.objects.create(course=operators, audience="operator")

    def listed(query):
        return set(_titles(client.get(f"/en/courses/?{query}").content.decode()))

    assert listed("audience=operator") == {everyone.title, operators.title}
    assert listed("audience=police") == {everyone.title, police.title}
    assert listed("audience=authority") == {everyone.title, operators.title}
    assert listed("audience=private") == {everyone.title}
    # "all" is a course's audience, not a choice of the filter: ignored like any bad value.
    assert listed("audience=all") == {everyone.title, police.title, operators.title}


def test_audience_filter_offers_one_everyone_choice(client, make_course):
    make_course()
    html = client.get("/en/courses/").content.decode()
    select = re.search(r'<select id="f-audience".*?</select>', html, re.S).group(0)
    assert 'value="all"' not in select and "Everyone" not in select
    assert "All audiences" in select
    html = client.get("/fr/courses/").content.decode()
    assert "Tous les publics" in html


# --- the demo catalogue ------------------------------------------------------------------


def test_every_topic_and_audience_lists_courses_in_both_languages(demo, client):
    for lang, url in CATALOGUES.items():
        assert len(_titles(client.get(url).content.decode())) >= 6
        for topic, _label in TOPICS:
            assert _titles(client.get(f"{url}?topic={topic}").content.decode()), (lang, topic)
        for audience, _label in AUDIENCE_FILTERS:
            titles = _titles(client.get(f"{url}?audience={audience}").content.decode())
            assert titles, (lang, audience)
    # The risk course is written for venue operators and private security too.
    for audience in ("operator", "private"):
        html = client.get(f"/en/courses/?audience={audience}").content.decode()
        assert "Risk assessment for crowded places" in html


def test_demo_courses_cover_the_result_areas_and_have_scenarios_and_images(demo):
    codes = {
        c.code for c in CoursePage.objects.get(slug="reaction-and-recovery").competencies.all()
    }
    assert codes == {"RE-1", "RE-2", "RC-1"}
    areas = {"PT": "01", "RA-1": "01", "CC": "02", "RE": "02", "RC": "02", "PP": "03", "RA-2": "03"}
    covered = set()
    for course in CoursePage.objects.live():
        for competency in course.competencies.all():
            covered |= {
                area for prefix, area in areas.items() if competency.code.startswith(prefix)
            }
        lessons = list(course.lessons())
        assert 4 <= len(lessons) <= 6, course
        kinds = [block.block_type for lesson in lessons for block in lesson.body]
        assert "scenario" in kinds, course
        assert "image" in kinds or "video" in kinds, course
    assert covered == {"01", "02", "03"}


def _ready_for_lessons(user, course) -> None:
    """Enrol and take the pre-test through the services the pages use."""
    enrolment_create(user=user, course=course)
    attempt = attempt_start(user=user, course=course, kind="pre")
    attempt_submit(attempt=attempt, user=user, data=correct_answers(attempt))


def test_lessons_render_responsive_images_and_a_captioned_video(demo, client):
    user = get_user_model().objects.get(username="moussa.ndiaye@ctps.example")
    client.force_login(user)
    lesson = LessonPage.objects.get(slug="s-echapper-se-cacher-alerter")
    _ready_for_lessons(user, lesson.get_parent().specific)
    html = client.get(lesson.url).content.decode()
    track = re.search(r"<track [^>]+>", html).group(0)
    assert 'kind="captions"' in track and 'srclang="fr"' in track
    captions = re.search(r'src="([^"]+)"', track).group(1)
    response = client.get(captions)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/vtt")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("WEBVTT") and "s’échapper" in body
    assert "Transcription" in html and "Éloignez-vous du danger" in html
    assert 'poster="' in html
    video = re.search(r'<source src="([^"]+)"', html).group(1)
    assert client.get(video).status_code == 200
    # An image lesson: srcset renditions and the French alt text.
    lesson = LessonPage.objects.get(slug="pourquoi-les-poles-de-transport")
    _ready_for_lessons(user, lesson.get_parent().specific)
    html = client.get(lesson.url).content.decode()
    img = re.search(r"<img [^>]+>", html).group(0)
    assert "srcset=" in img and " 800w" in img and 'alt="Plan d’une gare routière' in img


# --- the demo content as authored -------------------------------------------------------


@pytest.mark.parametrize("spec", _specs(), ids=lambda spec: spec["slug"])
def test_stated_durations_match_the_content(spec):
    seconds = _video_seconds()
    for lesson in spec["lessons"]:
        for lang in ("en", "fr"):
            body = lesson[lang]["body"]
            assert stated_minutes_fit(lesson["minutes"], body, video_seconds=seconds), (
                lesson["slug"],
                lang,
                lesson["minutes"],
                lesson_range(body, video_seconds=seconds),
            )
    lessons = sum(lesson["minutes"] for lesson in spec["lessons"])
    assert abs(float(spec["estimated_hours"]) * 60 - lessons - 20) <= 15, spec["slug"]


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.COURSE["slug"])
def test_pre_and_post_tests_are_equivalent_forms(module):
    for lang in ("en", "fr"):
        pre, post = module.TESTS[lang]["pre"], module.TESTS[lang]["post"]
        assert not {q["text"] for q in pre} & {q["text"] for q in post}
        assert [(q["measures"], q["kind"]) for q in pre] == [
            (q["measures"], q["kind"]) for q in post
        ]
        codes = {c["code"] for c in module.COURSE["competencies"]}
        assert {q["measures"] for q in pre} <= codes
    assert len(module.TESTS["en"]["pre"]) == len(module.TESTS["fr"]["pre"])


def test_media_are_small_and_captioned():
    for video in MEDIA.glob("*.mp4"):
        assert video.stat().st_size < 500_000, video.name
        vtt = video.with_suffix(".vtt")
        assert vtt.read_text(encoding="utf-8").startswith("WEBVTT\n")
    for image in MEDIA.glob("*.webp"):
        assert image.stat().st_size < 60_000, image.name


def test_every_demo_lesson_keeps_the_page_budget(demo, client):
    """≤ 60 KB and ≤ 20 KB gzipped for the HTML and its stylesheets, media excluded."""
    user = get_user_model().objects.get(username="moussa.ndiaye@ctps.example")
    client.force_login(user)
    styles = {}
    for course in CoursePage.objects.live():
        if not Enrolment.objects.filter(user=user, course_key=course.translation_key).exists():
            _ready_for_lessons(user, course)
        for lesson in course.lessons():
            html = client.get(lesson.url).content
            own = html
            for href in re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html):
                path = href.decode().removeprefix(settings.STATIC_URL)
                if path not in styles:
                    styles[path] = Path(finders.find(path)).read_bytes()
                own += styles[path]
            assert len(own) < 60_000 and len(gzip.compress(own)) < 20_000, lesson.url
