"""Each enrolment's registration UUID (xAPI `context.registration`): added empty, then one
for each existing row. Unique and required in 0007 (on PostgreSQL, schema changes and data
changes go in separate migrations)."""

import uuid

from django.db import migrations, models


def registrations_fill(apps, schema_editor):
    Enrolment = apps.get_model("courses", "Enrolment")
    rows = list(Enrolment.objects.filter(registration__isnull=True).only("pk"))
    for row in rows:
        row.registration = uuid.uuid4()
    Enrolment.objects.bulk_update(rows, ["registration"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_enrolment_progress_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="registration",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(registrations_fill, migrations.RunPython.noop, elidable=True),
    ]
