"""Partner countries.

The register's permissions were granted to the role groups here; they are now granted after
every `migrate` (capability/register/permissions.py, through `ctps_common.roles`), so this
migration no longer depends on the site's role groups. Self-contained: migrations never
import app code.
"""

from django.db import migrations

PARTNER_COUNTRIES = (("GH", "Ghana"), ("KE", "Kenya"), ("SN", "Senegal"))


def create_countries(apps, schema_editor=None) -> None:
    Country = apps.get_model("capability", "Country")
    for code, name in PARTNER_COUNTRIES:
        Country.objects.get_or_create(code=code, defaults={"name": name, "is_partner": True})


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_countries, migrations.RunPython.noop)]
