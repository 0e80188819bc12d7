"""E-mail addresses are unique whatever their letter case: `lower(email)` is unique among users
with an address (the auth app's User model is not ours, so the index is made here).

Existing duplicates are settled first: the account that signs in with the address today (the
oldest, as `ctps_common.auth.EmailBackend` picks it) keeps it; the others lose it (their
address is emptied and listed in the migration's output), so they are matched to no register
entry and can still sign in with their username; staff give them a new address.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Q
from django.db.models.constraints import UniqueConstraint
from django.db.models.functions import Lower

CONSTRAINT_NAME = "ctps_user_email_ci_unique"


def constraint():
    return UniqueConstraint(Lower("email"), name=CONSTRAINT_NAME, condition=~Q(email=""))


def settle_duplicates(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    users = User._default_manager.using(schema_editor.connection.alias)
    duplicated = (
        users.exclude(email="")
        .annotate(key=Lower("email"))
        .values("key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    for key in list(duplicated):
        accounts = list(users.annotate(key=Lower("email")).filter(key=key).order_by("pk"))
        for account in accounts[1:]:
            print(  # noqa: T201 - the operator must know whose address was emptied
                f"\n  home.0004: account {account.pk} ({account.username}) shares the address "
                f"of account {accounts[0].pk}; its address is emptied."
            )
            account.email = ""
            account.save(update_fields=["email"])


def add_constraint(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    schema_editor.add_constraint(apps.get_model(app_label, model_name), constraint())


def remove_constraint(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    schema_editor.remove_constraint(apps.get_model(app_label, model_name), constraint())


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_heading_block_level"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(settle_duplicates, migrations.RunPython.noop),
        migrations.RunPython(add_constraint, remove_constraint),
    ]
