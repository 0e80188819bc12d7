"""What course pages cache is refreshed as soon as editors change the page tree."""

from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from courses.services.enrolment import enrolment_create

from .conftest import PASSWORD


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_outline_shows_a_new_lesson_and_hides_an_unpublished_one(client, make_course):
    course = make_course(lessons=2)
    assert "Lesson 3" not in client.get(course.url).content.decode()  # cached now
    course.add_child(
        instance=LessonPage(title="Lesson 3", slug="lesson-3", body=[("paragraph", "<p>3</p>")])
    )
    assert "Lesson 3" in client.get(course.url).content.decode()
    LessonPage.objects.get(slug="lesson-3", title="Lesson 3").unpublish()
    assert "Lesson 3" not in client.get(course.url).content.decode()


def test_competencies_follow_the_published_course(client, make_course):
    course = make_course()
    assert "RISK-ASSESS" in client.get(course.url).content.decode()
    course.competencies.all().delete()
    course.save_revision().publish()
    assert "RISK-ASSESS" not in client.get(course.url).content.decode()


def test_a_new_view_restriction_applies_at_once(client, make_course, trainee):
    course = make_course(lessons=1, pre=False)
    enrolment_create(user=trainee, course=course)
    _login(client, trainee)
    lesson_url = course.url + "lesson-1/"
    assert client.get(lesson_url).status_code == 200  # the empty restriction list is cached
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="secret-word"
    )
    for url in (course.url, lesson_url):
        response = client.get(url)
        assert response.status_code == 200 and "secret-word" not in response.content.decode()
        assert 'name="password"' in response.content.decode(), url
    PageViewRestriction.objects.filter(page=course).delete()
    assert "Text of lesson 1." in client.get(lesson_url).content.decode()


def test_lesson_body_follows_publication_and_previews_show_the_draft(client, make_course, trainee):
    course = make_course(lessons=1, pre=False)
    enrolment_create(user=trainee, course=course)
    _login(client, trainee)
    url = course.url + "lesson-1/"
    assert "Text of lesson 1." in client.get(url).content.decode()  # cached now
    lesson = LessonPage.objects.get(pk=course.lessons().first().pk)
    lesson.body = [("paragraph", "<p>Rewritten text.</p>")]
    revision = lesson.save_revision()
    assert "Text of lesson 1." in client.get(url).content.decode()  # draft: not live yet
    preview = revision.as_object().make_preview_request()
    assert "Rewritten text." in preview.content.decode()
    revision.publish()
    html = client.get(url).content.decode()
    assert "Rewritten text." in html and "Text of lesson 1." not in html
