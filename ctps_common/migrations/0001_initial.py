from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PeriodicTaskRun",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("next_run_at", models.DateTimeField(verbose_name="Next run at")),
                ("last_enqueued_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "periodic task"},
        ),
    ]
