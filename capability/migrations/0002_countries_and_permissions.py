from django.db import migrations

from capability.roles import grant_permissions, revoke_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0001_initial"),
        ("home", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
