"""Statements sent before 0007 are marked sent (the others stay pending)."""

from django.db import migrations


def statuses_fill(apps, schema_editor):
    XapiStatement = apps.get_model("courses", "XapiStatement")
    XapiStatement.objects.filter(sent_at__isnull=False).update(status="sent")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_tasks_and_statement_status"),
    ]

    operations = [
        migrations.RunPython(statuses_fill, migrations.RunPython.noop, elidable=True),
    ]
