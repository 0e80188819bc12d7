"""The demo loader: real content in both languages, trainees at various stages, idempotent."""

from django.core.management import call_command

from courses.models import (
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Question,
    QuizAttempt,
)

MODELS = [CoursePage, LessonPage, Question, Enrolment, LessonCompletion, QuizAttempt]


def test_demo_courses_in_both_languages_and_idempotent(demo, client):
    counts = {model: model.objects.count() for model in MODELS}
    assert counts[CoursePage] == 4  # two courses, English and French
    assert counts[LessonPage] == 16
    for course in CoursePage.objects.all():
        assert course.pre_test.bank.questions.count() >= 8
        assert course.post_test_id and course.lessons().count() >= 4
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 1
    assert Enrolment.objects.filter(pre_score__isnull=False).count() == 4
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {model: model.objects.count() for model in MODELS} == counts
    html = client.get("/fr/formations/").content.decode()
    assert "Évaluation des risques pour les lieux fréquentés" in html
    assert "Commandement et conduite des opérations" in html
    html = client.get("/en/courses/").content.decode()
    assert "Risk assessment for crowded places" in html
