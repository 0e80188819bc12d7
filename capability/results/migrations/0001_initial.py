"""The results models, moved from the `capability` app (the register) without touching data.

`state_operations` create them in this app's migration state exactly as they are; the tables
exist already (created by capability 0003, names kept with `Meta.db_table`), so
`database_operations` is empty. Then their content types move from `capability` to
`capability_results`, keeping their ids: the permissions on them (with every group grant),
the results page's `wagtailcore_page.content_type`, revisions, log entries and references
follow without a row of theirs changing.

Self-contained: imports no app code.
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = (
    "dashboardpage",
    "deliverable",
    "followup",
    "indicator",
    "indicatorbaseline",
    "indicatortarget",
    "indicatorvalue",
)


def move_content_types(source: str, target: str):
    def move(apps, schema_editor):
        from django.contrib.contenttypes.models import ContentType as LiveContentType

        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        for model in MOVED_MODELS:
            moving = content_types.filter(app_label=source, model=model)
            if not moving.exists():
                continue  # never created (permissions not created yet): nothing to move
            if content_types.filter(app_label=target, model=model).exists():
                raise RuntimeError(
                    f"Content types {source}.{model} and {target}.{model} both exist: this "
                    "migration relabels the first as the second and cannot merge them. "
                    "Delete the one nothing refers to, then migrate again."
                )
            moving.update(app_label=target)
        content_types.model.objects.clear_cache()
        LiveContentType.objects.clear_cache()

    return move


STATE_OPERATIONS = [
    migrations.CreateModel(
        name="DashboardPage",
        fields=[
            (
                "page_ptr",
                models.OneToOneField(
                    auto_created=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    parent_link=True,
                    primary_key=True,
                    serialize=False,
                    to=settings.WAGTAIL_PAGE_MODEL,
                ),
            ),
            ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
            (
                "show_overview",
                models.BooleanField(default=True, verbose_name="show the programme overview"),
            ),
            ("show_trend", models.BooleanField(default=True, verbose_name="show the trend")),
            (
                "show_disaggregation",
                models.BooleanField(
                    default=True, verbose_name="show people trained by sex and organisation"
                ),
            ),
            (
                "show_learning",
                models.BooleanField(default=False, verbose_name="show learning gains"),
            ),
            (
                "show_competencies",
                models.BooleanField(default=False, verbose_name="show competency coverage"),
            ),
        ],
        options={
            "verbose_name": "results dashboard page",
            "db_table": "capability_dashboardpage",
        },
        bases=("wagtailcore.page",),
    ),
    migrations.CreateModel(
        name="Indicator",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "code",
                models.CharField(
                    help_text="e.g. R1.2", max_length=20, unique=True, verbose_name="code"
                ),
            ),
            ("title", models.CharField(max_length=255, verbose_name="title")),
            (
                "level",
                models.CharField(
                    choices=[
                        ("OO", "Overall objective"),
                        ("01", "Result 01"),
                        ("02", "Result 02"),
                        ("03", "Result 03"),
                    ],
                    default="01",
                    max_length=2,
                    verbose_name="result area",
                ),
            ),
            (
                "unit",
                models.CharField(
                    choices=[("number", "Number"), ("percentage", "Percentage")],
                    default="number",
                    max_length=12,
                    verbose_name="unit",
                ),
            ),
            (
                "ascending",
                models.BooleanField(
                    default=True,
                    help_text="Untick when the aim is to go down.",
                    verbose_name="higher is better",
                ),
            ),
            ("definition", models.TextField(blank=True, verbose_name="definition")),
            (
                "source_of_verification",
                models.TextField(blank=True, verbose_name="source of verification"),
            ),
            (
                "computation",
                models.CharField(
                    blank=True,
                    choices=[
                        ("people_trained", "People trained"),
                        ("workshops_held", "Workshops and exercises held"),
                        ("person_hours", "Person-hours of training"),
                        ("improved_share", "% of trainees gaining 10 points or more"),
                        ("mean_gain", "Mean pre/post gain (points)"),
                        ("course_enrolments", "Online course enrolments"),
                        ("course_completions", "Online course completions"),
                        ("completion_rate", "Online course completion rate"),
                        ("certificates_issued", "Certificates issued"),
                        ("reaction_score", "Mean reaction-survey score"),
                        ("practitioners", "People at or above practitioner level"),
                        (
                            "private_organisations",
                            "Venue operators and private-security organisations reached",
                        ),
                        ("joint_exercises", "Joint public–private exercises held"),
                        ("trainers_certified", "National trainers certified"),
                        ("cascade_workshops", "Workshops led by national trainers"),
                        ("cascade_reach", "People reached by national trainers"),
                        ("deliverables_adopted", "Deliverables adopted"),
                        ("risk_assessments", "Venue risk assessments validated or adopted"),
                        ("follow_up_applying", "% of followed-up trainees applying learning"),
                    ],
                    help_text="Leave empty for an indicator whose values are entered by hand.",
                    max_length=32,
                    verbose_name="computed as",
                ),
            ),
            ("by_country", models.BooleanField(default=True, verbose_name="by country")),
            ("by_sex", models.BooleanField(default=False, verbose_name="by sex")),
            (
                "by_organisation_type",
                models.BooleanField(default=False, verbose_name="by organisation type"),
            ),
            (
                "by_workshop_kind",
                models.BooleanField(default=False, verbose_name="by workshop kind"),
            ),
            ("by_target_type", models.BooleanField(default=False, verbose_name="by target type")),
            ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
        ],
        options={
            "verbose_name": "indicator",
            "verbose_name_plural": "indicators",
            "db_table": "capability_indicator",
            "ordering": ["level", "sort_order", "code"],
            "permissions": [
                ("view_dashboards", "Can see the indicator dashboards"),
                ("view_all_dashboards", "Can see the indicator dashboards of every country"),
            ],
        },
    ),
    migrations.CreateModel(
        name="Deliverable",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("sop", "Standard operating procedure"),
                        ("security_plan", "National or venue security plan"),
                        ("coordination_protocol", "Coordination protocol"),
                        ("public_private", "Public–private memorandum or forum"),
                        ("risk_assessment", "Venue risk assessment"),
                    ],
                    max_length=32,
                    verbose_name="kind",
                ),
            ),
            ("title", models.CharField(max_length=255, verbose_name="title")),
            (
                "venue_type",
                models.CharField(
                    blank=True,
                    choices=[
                        ("airport", "Airport"),
                        ("port", "Port"),
                        ("station", "Station"),
                        ("stadium", "Stadium"),
                        ("shopping_centre", "Shopping centre"),
                        ("religious_site", "Religious site"),
                        ("tourist_site", "Tourist site"),
                        ("festival", "Festival"),
                    ],
                    help_text="For venue risk assessments and venue security plans.",
                    max_length=32,
                    verbose_name="venue type",
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("draft", "Draft"),
                        ("validated", "Validated"),
                        ("adopted", "Adopted"),
                    ],
                    default="draft",
                    max_length=12,
                    verbose_name="status",
                ),
            ),
            ("validated_on", models.DateField(blank=True, null=True, verbose_name="validated on")),
            ("adopted_on", models.DateField(blank=True, null=True, verbose_name="adopted on")),
            ("note", models.TextField(blank=True, verbose_name="note")),
            (
                "country",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="deliverables",
                    to="capability.country",
                    verbose_name="country",
                ),
            ),
            (
                "evidence",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="wagtaildocs.document",
                    verbose_name="evidence document",
                ),
            ),
            (
                "organisations",
                models.ManyToManyField(
                    blank=True,
                    related_name="deliverables",
                    to="capability.organisation",
                    verbose_name="organisations",
                ),
            ),
        ],
        options={
            "verbose_name": "deliverable",
            "verbose_name_plural": "deliverables",
            "db_table": "capability_deliverable",
            "ordering": ["country", "kind", "title"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("status", "adopted"), _negated=True),
                        ("adopted_on__isnull", False),
                        _connector="OR",
                    ),
                    name="capability_deliverable_adopted_dated",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("status", "validated"), _negated=True),
                        ("validated_on__isnull", False),
                        _connector="OR",
                    ),
                    name="capability_deliverable_validated_dated",
                ),
            ],
        },
    ),
    migrations.CreateModel(
        name="FollowUp",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("date", models.DateField(verbose_name="date of follow-up")),
            ("applies_learning", models.BooleanField(verbose_name="applies what was learned")),
            (
                "method",
                models.CharField(
                    choices=[
                        ("interview", "Interview"),
                        ("observation", "Observation on the job"),
                        ("supervisor", "Supervisor report"),
                        ("questionnaire", "Questionnaire"),
                        ("exercise", "Exercise performance"),
                    ],
                    max_length=16,
                    verbose_name="checked by",
                ),
            ),
            ("note", models.TextField(blank=True, verbose_name="note")),
            (
                "person",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="follow_ups",
                    to="capability.person",
                    verbose_name="person",
                ),
            ),
            (
                "recorded_by",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "workshop",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="follow_ups",
                    to="capability.workshop",
                    verbose_name="workshop",
                ),
            ),
        ],
        options={
            "verbose_name": "follow-up",
            "verbose_name_plural": "follow-ups",
            "db_table": "capability_followup",
            "ordering": ["-date"],
            "constraints": [
                models.UniqueConstraint(fields=("person", "workshop"), name="capability_follow_up")
            ],
        },
    ),
    migrations.CreateModel(
        name="IndicatorBaseline",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "year",
                models.PositiveSmallIntegerField(
                    validators=[
                        django.core.validators.MinValueValidator(2000),
                        django.core.validators.MaxValueValidator(2100),
                    ],
                    verbose_name="year",
                ),
            ),
            ("value", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="value")),
            ("comment", models.CharField(blank=True, max_length=255, verbose_name="comment")),
            (
                "country",
                models.ForeignKey(
                    blank=True,
                    help_text="Empty: the whole programme.",
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="capability.country",
                    verbose_name="country",
                ),
            ),
            (
                "indicator",
                modelcluster.fields.ParentalKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="baselines",
                    to="capability_results.indicator",
                ),
            ),
        ],
        options={
            "verbose_name": "baseline",
            "verbose_name_plural": "baselines",
            "db_table": "capability_indicatorbaseline",
            "ordering": ["indicator", "country", "year"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("indicator", "country"), name="capability_baseline_unique"
                )
            ],
        },
    ),
    migrations.CreateModel(
        name="IndicatorTarget",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "year",
                models.PositiveSmallIntegerField(
                    validators=[
                        django.core.validators.MinValueValidator(2000),
                        django.core.validators.MaxValueValidator(2100),
                    ],
                    verbose_name="year",
                ),
            ),
            (
                "quarter",
                models.PositiveSmallIntegerField(
                    blank=True,
                    null=True,
                    validators=[
                        django.core.validators.MinValueValidator(1),
                        django.core.validators.MaxValueValidator(4),
                    ],
                    verbose_name="quarter",
                ),
            ),
            ("value", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="target")),
            (
                "country",
                models.ForeignKey(
                    blank=True,
                    help_text="Empty: the whole programme.",
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="capability.country",
                    verbose_name="country",
                ),
            ),
            (
                "indicator",
                modelcluster.fields.ParentalKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="targets",
                    to="capability_results.indicator",
                ),
            ),
        ],
        options={
            "verbose_name": "target",
            "verbose_name_plural": "targets",
            "db_table": "capability_indicatortarget",
            "ordering": ["indicator", "year", "quarter", "country"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("indicator", "country", "year", "quarter"),
                    name="capability_target_unique",
                )
            ],
        },
    ),
    migrations.CreateModel(
        name="IndicatorValue",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "year",
                models.PositiveSmallIntegerField(
                    validators=[
                        django.core.validators.MinValueValidator(2000),
                        django.core.validators.MaxValueValidator(2100),
                    ],
                    verbose_name="year",
                ),
            ),
            (
                "quarter",
                models.PositiveSmallIntegerField(
                    blank=True,
                    null=True,
                    validators=[
                        django.core.validators.MinValueValidator(1),
                        django.core.validators.MaxValueValidator(4),
                    ],
                    verbose_name="quarter",
                ),
            ),
            ("value", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="value")),
            ("comment", models.TextField(blank=True, verbose_name="comment")),
            ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
            (
                "country",
                models.ForeignKey(
                    blank=True,
                    help_text="Empty: the whole programme.",
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="capability.country",
                    verbose_name="country",
                ),
            ),
            (
                "evidence",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="wagtaildocs.document",
                    verbose_name="evidence document",
                ),
            ),
            (
                "indicator",
                models.ForeignKey(
                    limit_choices_to={"computation": ""},
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="values",
                    to="capability_results.indicator",
                    verbose_name="indicator",
                ),
            ),
            (
                "recorded_by",
                models.ForeignKey(
                    blank=True,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "indicator value",
            "verbose_name_plural": "indicator values",
            "db_table": "capability_indicatorvalue",
            "ordering": ["indicator", "-year", "-quarter"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("indicator", "country", "year", "quarter"),
                    name="capability_value_unique",
                )
            ],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("capability", "0007_results_models_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=STATE_OPERATIONS
        ),
        migrations.RunPython(
            move_content_types("capability", "capability_results"),
            move_content_types("capability_results", "capability"),
        ),
    ]
