"""The demo loader: real content in both languages, trainees at various stages, idempotent."""

from django.core.management import call_command

from courses.models import (
    Certificate,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Question,
    QuizAttempt,
    SurveyResponse,
    XapiStatement,
)

MODELS = [
    CoursePage,
    LessonPage,
    Question,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
    Certificate,
    SurveyResponse,
    XapiStatement,
]


def test_demo_courses_in_both_languages_and_idempotent(demo, client):
    counts = {model: model.objects.count() for model in MODELS}
    assert counts[CoursePage] == 12  # six courses, English and French
    assert counts[LessonPage] == 48
    for course in CoursePage.objects.all():
        assert course.pre_test.bank.questions.count() >= 5
        assert course.post_test_id and course.lessons().count() >= 4
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 2
    assert Enrolment.objects.filter(pre_score__isnull=False).count() == 5
    # One certificate per completion; Grace's is due for renewal, Amina's is not.
    assert counts[Certificate] == 2 and counts[SurveyResponse] == 2
    assert Certificate.objects.expiring().get().user.username == "grace.wanjiru@ctps.example"
    assert XapiStatement.objects.filter(user__username="amina.owusu@ctps.example").count() > 5
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {model: model.objects.count() for model in MODELS} == counts
    html = client.get("/fr/formations/").content.decode()
    assert "Évaluation des risques pour les lieux fréquentés" in html
    assert "Commandement et conduite des opérations" in html
    html = client.get("/en/courses/").content.decode()
    assert "Risk assessment for crowded places" in html
