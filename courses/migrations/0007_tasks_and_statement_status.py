"""The registration becomes unique and required; statements get a status (pending, sent,
failed) and a claim (the worker sending them); certificates remember their expiry reminder."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_enrolment_registration"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enrolment",
            name="registration",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="xAPI registration"
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="reminder_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="Expiry reminder sent at"
            ),
        ),
        migrations.AddField(
            model_name="xapistatement",
            name="status",
            field=models.CharField(
                choices=[("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
                default="pending",
                max_length=10,
                verbose_name="Status",
            ),
        ),
        migrations.AddField(
            model_name="xapistatement",
            name="claim",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="xapistatement",
            index=models.Index(fields=["status", "next_attempt_at"], name="xapi_due_idx"),
        ),
        migrations.AddIndex(
            model_name="xapistatement",
            index=models.Index(fields=["claim"], name="xapi_claim_idx"),
        ),
    ]
