"""Demo data of the site frame: locales, the site tree, home pages and one user per role.

`manage.py load_demo` calls `load_demo()` of every installed app that has a `demo` module,
in INSTALLED_APPS order. Each returns the demo logins it wants printed. Loaders create what
is missing and leave what exists untouched, so running them twice changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def read_fixture(relative_path: str):
    return json.loads((FIXTURES / relative_path).read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(*, stdout=None) -> list[dict]:
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    content = read_fixture("home/home_page.json")
    home = ensure_home_page(locales[settings.LANGUAGE_CODE], content[settings.LANGUAGE_CODE])
    for code, locale in locales.items():
        if code != settings.LANGUAGE_CODE:
            ensure_translation(home, locale, content[code])
    return ensure_users(read_fixture("users.json"))


def ensure_home_page(locale: Locale, content: dict) -> HomePage:
    """Make an English HomePage the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    for site in Site.objects.filter(root_page__depth=2):
        if not isinstance(site.root_page.specific, HomePage):
            site.root_page.delete()  # also removes the site pointing at it
    home = HomePage(slug="home", locale=locale, **content)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    return home


def ensure_translation(home: HomePage, locale: Locale, content: dict) -> HomePage:
    translation = home.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = home.copy_for_translation(locale)
    for field, value in content.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation


def ensure_users(spec: dict) -> list[dict]:
    User = get_user_model()
    logins = []
    for entry in spec["users"]:
        user, created = User.objects.get_or_create(
            username=entry["email"],
            defaults={
                "email": entry["email"],
                "first_name": entry["first_name"],
                "last_name": entry["last_name"],
                "is_superuser": entry.get("superuser", False),
                "is_staff": entry.get("superuser", False),
            },
        )
        if created:
            user.set_password(spec["password"])
            user.save(update_fields=["password"])
        if entry.get("role"):
            user.groups.add(Group.objects.get(name=entry["role"]))
        logins.append(
            {
                "role": entry.get("role") or "Administrator",
                "login": entry["email"],
                "password": spec["password"],
            }
        )
    return logins
