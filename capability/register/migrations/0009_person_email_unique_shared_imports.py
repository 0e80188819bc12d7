"""One person per e-mail address (case-insensitive, where given); workshop codes unique
whatever their case (kept as typed); pending imports move to
the shared import workflow (`ctps_common.PendingImport`: uploads waiting here are dropped,
they hold personal data and expire within a day anyway).

Existing duplicates: the person linked to an account (else the oldest) keeps the address;
the others keep every other field and lose only the repeated address, which stays on the
kept person. Their ids are printed so staff can merge them by hand if they are one person.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def release_duplicate_emails(apps, schema_editor):
    Person = apps.get_model("capability", "Person")
    repeated = (
        Person.objects.exclude(email_key="")
        .values("email_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("email_key", flat=True)
    )
    for key in list(repeated):
        people = list(Person.objects.filter(email_key=key).order_by("user_id", "pk"))
        linked = [p for p in people if p.user_id is not None]
        keep = linked[0] if linked else min(people, key=lambda p: p.pk)
        others = [p.pk for p in people if p.pk != keep.pk]
        Person.objects.filter(pk__in=others).update(email="", email_key="")
        print(f"\n  person {keep.pk} keeps a shared e-mail address; cleared on {others}")


def distinct_workshop_codes(apps, schema_editor):
    """Codes equal but for case (possible only outside the admin) get a suffix."""
    Workshop = apps.get_model("capability", "Workshop")
    seen = set()
    for workshop in Workshop.objects.order_by("pk"):
        code, n = workshop.code, 2
        while code.lower() in seen:
            code, n = f"{workshop.code[:36]}-{n}", n + 1
        seen.add(code.lower())
        if code != workshop.code:
            Workshop.objects.filter(pk=workshop.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0008_account_country"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(release_duplicate_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("email_key", ""), _negated=True),
                fields=("email_key",),
                name="capability_person_email_unique",
            ),
        ),
        migrations.RunPython(distinct_workshop_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="workshop",
            constraint=models.UniqueConstraint(
                Lower("code"),
                name="capability_workshop_code_unique_ci",
                violation_error_message=(
                    "A workshop with this code already exists (codes ignore upper and lower case)."
                ),
            ),
        ),
        migrations.RemoveField(model_name="pendingimport", name="user"),
        migrations.RemoveField(model_name="pendingimport", name="workshop"),
        migrations.DeleteModel(name="PendingImport"),
    ]
