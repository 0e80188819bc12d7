"""Reaction survey: once per trainee, only after completion; staff results and xlsx export."""

import io

import openpyxl
import pytest

from courses.models import SurveyResponse
from courses.selectors.surveys import survey_results
from courses.services.enrolment import enrolment_create
from courses.services.surveys import SurveyError, survey_response_create

from .records import complete, log_in

ANSWERS = {"relevance": "5", "clarity": "4", "applicability": "3", "comment": "Useful."}


@pytest.fixture
def done(make_course, trainee):
    course = make_course(lessons=1, pre=False, post=False)
    complete(course, trainee)
    return course


def test_the_survey_appears_after_completion_and_is_answered_once(client, done, trainee):
    log_in(client, trainee)
    html = client.get(done.url).content.decode()
    assert f"/en/learning/courses/{done.pk}/survey/" in html
    url = f"/en/learning/courses/{done.pk}/survey/"
    assert client.get(url).status_code == 200
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    answer = SurveyResponse.objects.get(user=trainee)
    assert (answer.relevance, answer.clarity, answer.applicability) == (5, 4, 3)
    assert answer.comment == "Useful."
    # A second answer is refused and changes nothing; the link is gone.
    response = client.post(url, {**ANSWERS, "relevance": "1"}, follow=True)
    assert "already answered" in response.content.decode()
    assert SurveyResponse.objects.get(user=trainee).relevance == 5
    assert url not in client.get(done.url).content.decode()
    with pytest.raises(SurveyError):
        survey_response_create(
            user=trainee, course=done, data={"relevance": 1, "clarity": 1, "applicability": 1}
        )


def test_no_survey_for_a_course_not_taken(client, make_course, trainee):
    course = make_course(lessons=2, pre=False, post=False)
    url = f"/en/learning/courses/{course.pk}/survey/"
    log_in(client, trainee)
    assert client.post(url, ANSWERS).status_code == 302  # not enrolled
    enrolment_create(user=trainee, course=course)
    response = client.post(url, ANSWERS, follow=True)  # enrolled, not completed
    assert "opens when you have completed" in response.content.decode()
    assert not SurveyResponse.objects.filter(user=trainee).exists()


@pytest.mark.parametrize(
    "bad", [{"relevance": "6"}, {"relevance": "0"}, {"clarity": "x"}, {"applicability": ""}]
)
def test_bad_ratings_are_refused_with_a_message(client, done, trainee, bad):
    log_in(client, trainee)
    response = client.post(f"/en/learning/courses/{done.pk}/survey/", {**ANSWERS, **bad})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert "Useful." in response.content.decode()  # what was typed is kept
    assert not SurveyResponse.objects.filter(user=trainee).exists()


def test_staff_see_mean_distribution_comments_and_export(
    client, make_course, make_user, django_assert_max_num_queries
):
    course = make_course(lessons=1, pre=False, post=False)
    staff = make_user("programme@example.org", "Programme staff")
    ratings = [(5, 4, 3, "Great"), (3, 4, 1, ""), (4, 4, 5, '=HYPERLINK("x")')]
    for n, (relevance, clarity, applicability, comment) in enumerate(ratings):
        user = make_user(f"s{n}@example.org", "Trainee")
        complete(course, user)
        survey_response_create(
            user=user,
            course=course,
            data={
                "relevance": relevance,
                "clarity": clarity,
                "applicability": applicability,
                "comment": comment,
            },
        )
    results = survey_results(course, user=staff)
    assert results["count"] == 3
    relevance = results["questions"][0]
    assert relevance["mean"] == pytest.approx(4.0)
    assert relevance["distribution"] == [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1)]
    assert results["questions"][2]["mean"] == pytest.approx(3.0)
    assert [c["comment"] for c in results["comments"]] == ['=HYPERLINK("x")', "Great"]
    log_in(client, staff)
    url = f"/admin/courses-reports/{course.pk}/survey/"
    client.get(url)
    with django_assert_max_num_queries(30):
        html = client.get(url).content.decode()
    assert "4.00" in html and "Great" in html
    response = client.get(f"/admin/courses-reports/{course.pk}/survey/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:5] == ("Relevance", "Clarity", "Applicability to my job")
    assert [row[2:5] for row in rows[1:]] == [(5, 4, 3), (3, 4, 1), (4, 4, 5)]
    assert rows[3][5] == '\'=HYPERLINK("x")'  # never a formula


def test_survey_results_need_the_permission(client, done, make_user):
    log_in(client, make_user("t2@example.org", "Trainee"))
    for url in (
        f"/admin/courses-reports/{done.pk}/survey/",
        f"/admin/courses-reports/{done.pk}/survey/export/",
    ):
        assert client.get(url).status_code in (302, 403)
    client.logout()
    log_in(client, make_user("manager@example.org", "Manager"))
    assert client.get(f"/admin/courses-reports/{done.pk}/survey/export/").status_code in (
        302,
        403,
    )
    client.logout()
    log_in(client, make_user("country@example.org", "Country staff"))
    assert client.get(f"/admin/courses-reports/{done.pk}/survey/").status_code == 200
