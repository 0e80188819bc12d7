"""`manage.py generate_synthetic`: seeded, sized by the scale formula, and run once per database.

Tests use a hundredth of scale 1 (`--scale 0.01`): the same code paths, in about a second.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from capability.register.models import (
    Attendance,
    Competency,
    CompetencyEvidence,
    Country,
    Person,
    Workshop,
)
from capability.register.synthetic import OTHERS, PARTNERS, country_count
from capability.results.models import Indicator, IndicatorBaseline, IndicatorTarget, IndicatorValue
from courses.models import CoursePage, Enrolment, LessonCompletion, QuizAttempt
from home.synthetic import EMAIL_DOMAIN, trainee_email

SCALE = "0.01"


def generate(scale=SCALE):
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", scale, stdout=out)
    return out.getvalue()


def aggregates() -> dict:
    synthetic_users = User.objects.filter(username__endswith=EMAIL_DOMAIN)
    workshops = Workshop.objects.filter(code__startswith="syn-")
    attendance = Attendance.objects.filter(workshop__in=workshops)
    attempts = QuizAttempt.objects.filter(user__in=synthetic_users)
    return {
        "users": synthetic_users.count(),
        "people": Person.objects.filter(email__endswith="@people.synthetic.example").count(),
        "with account": Person.objects.filter(user__in=synthetic_users).count(),
        "workshops": workshops.count(),
        "attendance": attendance.aggregate(
            n=Count("pk"), pre=Sum("pre_test_score"), post=Sum("post_test_score")
        ),
        "per person": sorted(attendance.values_list("person__family_name", "workshop__code")),
        "evidence": CompetencyEvidence.objects.filter(workshop__in=workshops).count(),
        "courses": CoursePage.objects.filter(slug__startswith="synthetic-course-").count(),
        "enrolments": sorted(
            Enrolment.objects.filter(user__in=synthetic_users).values_list(
                "user__username", "course__slug", "pre_score", "post_score"
            )
        ),
        "completions": LessonCompletion.objects.filter(user__in=synthetic_users).count(),
        "attempts": attempts.aggregate(n=Count("pk"), score=Sum("score")),
        "baselines": sorted(
            IndicatorBaseline.objects.values_list("indicator__code", "country_id", "year", "value"),
            key=str,
        ),
        "targets": sorted(
            IndicatorTarget.objects.values_list(
                "indicator__code", "country_id", "year", "quarter", "value"
            ),
            key=str,
        ),
        "values": sorted(
            IndicatorValue.objects.values_list(
                "indicator__code", "country_id", "year", "quarter", "value"
            ),
            key=str,
        ),
    }


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_same_scale_gives_the_same_data():
    runs = []
    for _ in range(2):
        try:
            with transaction.atomic():
                generate()
                runs.append(aggregates())
                raise Rollback
        except Rollback:
            pass
    assert runs[0] == runs[1]
    assert runs[0]["attendance"]["n"] > 0 and runs[0]["completions"] > 0
    assert runs[0]["targets"] and runs[0]["values"]


@pytest.mark.django_db
def test_sizes_follow_the_scale_formula():
    countries_before = Country.objects.count()
    output = generate()
    data = aggregates()
    # Per unit of scale: 1,000 trainees and people, 100 workshops of 50 attendances.
    assert data["users"] == 10 and data["people"] == 10 and data["with account"] == 5
    assert data["workshops"] == 1 and data["attendance"]["n"] <= 50
    assert data["courses"] == 2  # 20 courses from scale 1 up
    assert len(data["enrolments"]) == 2 + 9 * 2  # account 0 takes every course
    assert Country.objects.count() >= countries_before
    assert "Synthetic data at scale 0.01 ready" in output
    trainee = User.objects.get(username=trainee_email(0))
    assert (
        trainee.check_password("ctps-synthetic-2026")
        and trainee.groups.filter(name="Trainee").exists()
    )


@pytest.mark.django_db
def test_refuses_to_run_twice_on_the_same_database():
    generate()
    before = aggregates()
    with pytest.raises(CommandError, match="already in this database"):
        generate()
    assert aggregates() == before


@pytest.mark.django_db
def test_benchmark_trainee_reads_every_course_and_lesson(client):
    generate()
    trainee = User.objects.get(username=trainee_email(0))
    client.force_login(trainee)
    html = client.get("/en/learning/my/").content.decode()
    assert html.count("Synthetic course") >= 2
    course = CoursePage.objects.get(slug="synthetic-course-01")
    assert client.get(course.url).status_code == 200
    lesson = course.get_children().order_by("path")[1]
    assert client.get(lesson.url).status_code == 200


SYNTHETIC_YEARS = (2023, 2024, 2025, 2026)  # the years the synthetic workshops fall in


def test_every_indicator_gets_baselines_targets_and_manual_values_per_country_and_period(demo):
    """On top of the demo (15 indicators, one of them manual): every synthetic country has a
    baseline and yearly and quarterly targets for every indicator, and a value for every
    quarter of the manual one only; the demo's own rows stay as they were."""
    demo_targets = set(IndicatorTarget.objects.values_list("pk", "value"))
    demo_values = set(IndicatorValue.objects.values_list("pk", "value"))
    output = generate()
    indicators = list(Indicator.objects.all())
    assert len(indicators) == 15
    codes = [code for code, _name in (PARTNERS + OTHERS)[: country_count(0.01)]]
    countries = list(Country.objects.filter(code__in=codes))
    assert len(countries) == len(codes) == 3  # the partners at this scale
    for indicator in indicators:
        for country in countries:
            assert IndicatorBaseline.objects.filter(indicator=indicator, country=country).exists()
            periods = set(
                IndicatorTarget.objects.filter(indicator=indicator, country=country).values_list(
                    "year", "quarter"
                )
            )
            for year in SYNTHETIC_YEARS:
                assert (year, None) in periods, (indicator.code, country.code, year)
            values = IndicatorValue.objects.filter(indicator=indicator, country=country)
            if indicator.computation:
                assert not values.exists(), indicator.code  # derived from the register
            else:
                assert {v.year for v in values} == set(SYNTHETIC_YEARS), country.code
    # 2023 precedes the demo's targets and values: the year and its four quarters are ours
    ghana = Country.objects.get(code="GH")
    targets = IndicatorTarget.objects.filter(country=ghana, indicator=indicators[0], year=2023)
    assert sorted(targets.values_list("quarter", flat=True), key=str) == [1, 2, 3, 4, None]
    manual = IndicatorValue.objects.filter(indicator__code="OO.2", country=ghana, year=2023)
    assert sorted(manual.values_list("quarter", flat=True)) == [1, 2, 3, 4]
    assert demo_targets <= set(IndicatorTarget.objects.values_list("pk", "value"))
    assert demo_values <= set(IndicatorValue.objects.values_list("pk", "value"))
    assert "indicator targets" in output and "indicator values" in output


@pytest.mark.django_db
def test_without_the_demo_framework_the_register_and_indicators_are_self_sufficient():
    """With no competency and no indicator in the database (generate_synthetic without
    load_demo), the demo's competency framework and indicator definitions are created, with a
    note, so that evidence and indicator figures exist."""
    CompetencyEvidence.objects.all().delete()
    Workshop.competencies.through.objects.all().delete()
    Competency.objects.all().delete()
    Indicator.objects.all().delete()
    output = generate()
    assert "created the demo's competency framework" in output
    assert "created the demo's 15 indicator definitions" in output
    assert Competency.objects.exists() and Indicator.objects.count() == 15
    assert CompetencyEvidence.objects.filter(workshop__code__startswith="syn-").exists()
    assert "0 evidence" not in output
    # programme-wide rows too (country empty), since the demo's are missing
    assert IndicatorBaseline.objects.filter(country__isnull=True).count() == 15
    assert IndicatorTarget.objects.filter(country__isnull=True, quarter__isnull=True).count() == (
        15 * len(SYNTHETIC_YEARS)
    )
