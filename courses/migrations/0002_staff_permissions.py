"""Grant the courses plugin's permissions to staff groups, when the site has them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Programme staff": [
        "view_course_reports",
        "manage_enrolments",
        "add_questionbank",
        "change_questionbank",
        "delete_questionbank",
        "view_questionbank",
        "add_question",
        "change_question",
        "delete_question",
        "view_question",
        "add_quiz",
        "change_quiz",
        "delete_quiz",
        "view_quiz",
        "view_enrolment",
        "add_enrolment",
        "view_quizattempt",
        "view_attemptreset",
    ],
    "Country staff": [
        "view_course_reports",
        "manage_enrolments",
        "view_enrolment",
        "add_enrolment",
        "view_quizattempt",
        "view_attemptreset",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True  # the stub has none; create_permissions needs one
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="courses", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    run_before = []

    operations = [migrations.RunPython(grant, revoke)]
