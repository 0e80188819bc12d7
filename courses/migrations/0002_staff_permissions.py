"""Staff permissions used to be granted here, to groups found by name.

They are now granted after every `migrate` by `ctps_common.roles` (see courses/permissions.py),
so that the groups may be named by the site and created after this migration. Kept, empty,
for the migration history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
