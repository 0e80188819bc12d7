"""Permissions of the indicator framework used to be granted to the role groups here.

They are now granted after every `migrate` (capability/results/permissions.py, through
`ctps_common.roles`), so no migration depends on the site's role groups. Kept, empty, for
the migration history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0003_indicators"),
    ]

    operations = []
