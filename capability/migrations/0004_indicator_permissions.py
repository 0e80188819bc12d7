from django.db import migrations

from capability.indicators.roles import grant_permissions, revoke_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0003_indicators"),
        ("home", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
