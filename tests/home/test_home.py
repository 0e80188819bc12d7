import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from home.models import HomePage
from home.roles import COUNTRY_STAFF, MANAGER, PROGRAMME_STAFF, ROLES, TRAINEE
from tests.factories.accounts import (
    CountryStaffFactory,
    ManagerFactory,
    ProgrammeStaffFactory,
)
from tests.factories.site import home_page

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(db):
    """The site's home page in English and French (the site root)."""
    return home_page(languages=("en", "fr"))


@pytest.mark.parametrize(
    ("path", "lang", "title", "text"),
    [
        ("/en/", "en", "Protecting public spaces together", "Large-scale events"),
        ("/fr/", "fr", "Protéger ensemble les espaces publics", "Événements de grande ampleur"),
    ],
)
def test_home_page_is_public_in_both_languages(client, home, path, lang, title, text):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert text in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    for expected in ("Ghana", "Kenya", "Infrastructure"):
        assert expected in html


def test_language_switcher_links_translations(client, home):
    html = client.get("/en/").content.decode()
    assert 'href="/fr/" lang="fr"' in html
    html = client.get("/fr/").content.decode()
    assert 'href="/en/" lang="en"' in html
    assert "Aller au contenu principal" in html


def test_root_redirects_to_a_language(client, home):
    response = client.get("/", headers={"accept-language": "fr"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_page_query_count(client, home, django_assert_max_num_queries):
    client.get("/en/")
    with django_assert_max_num_queries(8):
        assert client.get("/en/").status_code == 200


def test_page_never_loads_anything_from_the_internet(client, home):
    html = client.get("/en/").content.decode()
    assert "https://" not in html.replace("https://schema", "")
    # Only our own static scripts (the courses plugin's offline script), never inline ones.
    assert re.findall(r"<script(?![^>]*\ssrc=\"/static/)", html) == []


def test_roles_are_created_by_migrations(db):
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    staff = Group.objects.get(name=PROGRAMME_STAFF)
    assert staff.permissions.filter(codename="access_admin").exists()
    assert staff.page_permissions.filter(permission__codename="publish_page").exists()
    assert not Group.objects.get(name=TRAINEE).permissions.exists()
    manager = Group.objects.get(name=MANAGER)
    # Managers reach the admin, read the indicator dashboards and the list of results releases
    # (capability_results), nothing else.
    assert set(manager.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("capability_results", "view_dashboards"),
        ("capability_results", "view_all_dashboards"),
        ("capability_results", "view_release"),
    }
    assert not manager.page_permissions.exists()


@pytest.mark.parametrize(
    ("email", "reaches_admin"),
    [
        ("admin@ctps.example", True),
        ("programme.staff@ctps.example", True),
        ("country.staff@ctps.example", True),
        ("manager@ctps.example", True),
        ("trainee@ctps.example", False),
    ],
)
def test_admin_login_form_for_each_demo_user(client, demo, email, reaches_admin):
    response = client.post(
        "/admin/login/", {"username": email, "password": "ctps-demo-2026"}, follow=True
    )
    assert response.status_code == 200
    dashboard = client.get("/admin/")
    if reaches_admin:
        assert dashboard.status_code == 200
    else:
        assert dashboard.status_code == 302
        assert dashboard["Location"].startswith("/admin/login/")


def test_wrong_password_is_refused(client, db):
    manager = ManagerFactory()
    response = client.post("/admin/login/", {"username": manager.email, "password": "x"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("factory", "can_edit_pages"),
    [(ProgrammeStaffFactory, True), (CountryStaffFactory, False), (ManagerFactory, False)],
)
def test_only_programme_staff_edit_pages(login, home, factory, can_edit_pages):
    client = login(factory())
    home = HomePage.objects.get(locale__language_code="en")
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    if can_edit_pages:
        assert response.status_code == 200
        assert b"Protecting public spaces together" in response.content
    else:
        assert response.status_code in (302, 403)


def test_load_demo_twice_changes_nothing(demo):
    models = [Page, HomePage, User, Group, Site, Locale, Revision]
    before = {m.__name__: m.objects.count() for m in models}
    out = StringIO()
    call_command("load_demo", stdout=out)
    after = {m.__name__: m.objects.count() for m in models}
    assert before == after
    assert before["HomePage"] == 2 and before["Locale"] == 2 and before["Site"] == 1
    assert "trainee@ctps.example" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage


def test_every_demo_role_has_a_user(demo):
    for role in (TRAINEE, COUNTRY_STAFF, PROGRAMME_STAFF, MANAGER):
        assert User.objects.filter(groups__name=role).exists(), role


def test_no_missing_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _run_settings(settings_module: str, code: str, **env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_settings("ctps.settings.production", "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_deploy_check_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "ctps.settings.production",
            "SECRET_KEY": "a-long-random-production-key-" + "x7Kq9" * 10,
            "ALLOWED_HOSTS": "ctps.example.org",
            "WAGTAILADMIN_BASE_URL": "https://ctps.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "DEFAULT_FROM_EMAIL": "learning@ctps.example.org",
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_french_catalogues_are_complete():
    catalogues = [ROOT / "site/ctps/locale/fr/LC_MESSAGES/django.po"] + [
        Path(app.path) / "locale/fr/LC_MESSAGES/django.po"
        for app in apps.get_app_configs()
        if app.name.split(".")[0] in ("ctps_common", "home", "courses", "capability")
    ]
    for path in catalogues:
        if not path.exists():
            continue
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        assert not missing, f"{path}: untranslated {missing[:5]}"
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))
        }
        translated = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
        assert compiled == translated, f"{path}: the .mo differs from the .po, run `make messages`"
