"""Which staff groups get which courses permissions (matched by group name, if present).

Granted by migration 0002 when the groups already exist, and again after every `migrate`
(post_migrate), because a site may create its groups in a migration that runs after ours.
"""

from django.contrib.auth.models import Group, Permission

from .migrations_grants import GRANTS


def grant_staff_permissions(**kwargs) -> None:
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )
