"""A database built by the code before the split (main at PRE_SPLIT, one `capability` app)
upgrades to the two apps with every row intact.

The old code is taken from the git history (`git archive`), migrated and given the demo on a
throwaway database — a SQLite file, or when this run uses PostgreSQL a database created for
the test on the same server and dropped after — with this virtual environment (the
requirements are the same). Then this checkout's `migrate` runs on it, and:

- every table has the same rows (all columns), except `django_migrations` (the new
  migrations recorded) and `django_content_type`;
- the results models' tables are untouched, `auth_permission` and `auth_group_permissions`
  too: every permission keeps its id and its groups;
- the content types of the moved models keep their ids under `capability_results`, none is
  left under `capability`, the results page still points at its own;
- the role groups hold the same grants as on a database built from scratch by this code;
- this code serves the upgraded database (results page, dashboards, the register).

Since the split, background tasks and strict xAPI added migrations of their own (BACKGROUND_
below): two tables, columns at the end of three courses tables, the permissions of two new
models and one grant. Issue 13 added results releases (RELEASE_: an empty table, its model's
permissions, three grants) and French indicator titles (an empty column). They are checked as
additions: every old row and column is unchanged.
"""

import hashlib
import io
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import django_tasks_db
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django_otp.plugins import otp_static

ROOT = Path(__file__).resolve().parents[2]
PRE_SPLIT = "d570ca6"  # main before the split: capability was one app
MOVED_MODELS = {
    "dashboardpage",
    "deliverable",
    "followup",
    "indicator",
    "indicatorbaseline",
    "indicatortarget",
    "indicatorvalue",
}
MOVED_TABLES = {f"capability_{model}" for model in MOVED_MODELS} | {
    "capability_deliverable_organisations"
}
SPLIT_MIGRATIONS = {
    ("capability", "0007_results_models_moved"),
    ("capability_results", "0001_initial"),
}
# Migrations of other apps merged into main since PRE_SPLIT, applied by the same migrate.
LATER_MIGRATIONS = {
    # The shared heading block: saved headings' `size` becomes `level` (none in the demo).
    ("home", "0003_heading_block_level"),
}
NEW_MIGRATIONS = SPLIT_MIGRATIONS | LATER_MIGRATIONS
# Background tasks and strict xAPI (after the split): what their migrations add.
BACKGROUND_MIGRATIONS = {
    ("courses", "0006_enrolment_registration"),
    ("courses", "0007_tasks_and_statement_status"),
    ("courses", "0008_statement_status_fill"),
    ("ctps_common", "0001_initial"),
} | {
    ("django_tasks_database", path.stem)
    for path in (Path(django_tasks_db.__file__).parent / "migrations").glob("0*.py")
}
NEW_MIGRATIONS |= BACKGROUND_MIGRATIONS
# Tests that measure learning (issue 18): columns only, appended to existing tables.
ASSESSMENT_MIGRATIONS = {
    ("courses", "0009_assessment_forms_and_reveal"),
    ("capability", "0008_country_contact_email"),
}
NEW_MIGRATIONS |= ASSESSMENT_MIGRATIONS
BACKGROUND_TABLES = {"ctps_common_periodictaskrun", "django_tasks_database_dbtaskresult"}
BACKGROUND_MODELS = {("ctps_common", "periodictaskrun"), ("django_tasks_database", "dbtaskresult")}
# Columns added at the end of existing tables (registration; status, claim; reminder).
BACKGROUND_COLUMNS = {"courses_enrolment": 1, "courses_xapistatement": 2, "courses_certificate": 1}
# Then matched forms; competency measured; reveal answers; matches the pre-test; the
# competency's name; the country's contact.
ASSESSMENT_COLUMNS = {
    "courses_enrolment": 1,
    "courses_question": 1,
    "courses_quiz": 1,
    "courses_quizattempt": 1,
    "courses_coursecompetency": 1,
    "capability_country": 1,
}
ADDED_COLUMNS = {
    table: BACKGROUND_COLUMNS.get(table, 0) + ASSESSMENT_COLUMNS.get(table, 0)
    for table in BACKGROUND_COLUMNS.keys() | ASSESSMENT_COLUMNS.keys()
}
# The catalogue (extra audiences: one new table), unique e-mail addresses (a constraint: no
# row changes on the demo), recovery codes (django-otp's static devices: two tables), and the
# merge migrations joining the branches.
NEW_MIGRATIONS |= {
    ("courses", "0009_catalogue_audiences_topics_video_captions"),
    ("courses", "0010_merge_assessment_forms_catalogue"),
    ("capability", "0009_merge_account_country_contact_email"),
    ("home", "0004_unique_user_email"),
} | {
    ("otp_static", path.stem)
    for path in (Path(otp_static.__file__).parent / "migrations").glob("0*.py")
}
BACKGROUND_TABLES |= {
    "courses_courseaudience",
    "otp_static_staticdevice",
    "otp_static_statictoken",
}
BACKGROUND_MODELS |= {
    ("courses", "courseaudience"),
    ("otp_static", "staticdevice"),
    ("otp_static", "statictoken"),
}
BACKGROUND_GRANTS = {("Programme staff", "courses", "xapistatement", "change_xapistatement")}
# Trainee accounts' countries (issue 14): one new table, filled from the register's people.
NEW_MIGRATIONS |= {("capability", "0008_account_country")}
BACKGROUND_TABLES |= {"capability_accountcountry"}
BACKGROUND_MODELS |= {("capability", "accountcountry")}
# Results releases (issue 13): one table, empty until staff release a quarter (the demo
# release is made by the new `load_demo`, not by `migrate`), its model's permissions, grants.
RELEASE_MIGRATIONS = {("capability_results", "0002_releases")}
NEW_MIGRATIONS |= RELEASE_MIGRATIONS
RELEASE_TABLES = {"capability_release"}
RELEASE_MODELS = {("capability_results", "release")}
RELEASE_GRANTS = {
    ("Programme staff", "capability_results", "release", "add_release"),
    ("Programme staff", "capability_results", "release", "view_release"),
    ("Manager", "capability_results", "release", "view_release"),
}
# French indicator titles (issue 13): one column at the end of the indicators' table, empty.
TRANSLATION_MIGRATIONS = {("capability_results", "0003_indicator_title_fr")}
NEW_MIGRATIONS |= TRANSLATION_MIGRATIONS
TRANSLATION_COLUMNS = {"capability_indicator": 1}
# The one import workflow (issue 15): the register's waiting uploads move to ctps_common (those
# waiting are dropped: personal data, expired within a day); people's addresses and workshop
# codes become unique (the demo has no duplicates: every row stays as it was).
NEW_MIGRATIONS |= {
    ("capability", "0009_person_email_unique_shared_imports"),
    ("ctps_common", "0002_pending_imports"),
    ("capability", "0010_merge_contact_email_person_email_unique"),
}
BACKGROUND_TABLES |= {"ctps_common_pendingimport"}
BACKGROUND_MODELS |= {("ctps_common", "pendingimport")}
UNPERMITTED_MODELS = {("ctps_common", "pendingimport")}  # default_permissions = ()
DROPPED_TABLES = {"capability_pendingimport"}
# Access requests, erased certificate holders and offline submissions (issues 18, 20, 19):
# columns on the registration requests and certificates, one new table; import receipts
# (issue 20: a write of one upload happens once), one new table without permissions.
NEW_MIGRATIONS |= {
    ("courses", "0011_access_requests"),
    ("courses", "0011_certificate_holder_erased"),
    ("courses", "0011_offline_submissions"),
    ("courses", "0012_merge_access_requests_holder_erased_offline"),
    ("ctps_common", "0003_import_receipts"),
}
BACKGROUND_TABLES |= {"courses_offlinesubmission", "ctps_common_importreceipt"}
BACKGROUND_MODELS |= {("courses", "offlinesubmission"), ("ctps_common", "importreceipt")}
UNPERMITTED_MODELS |= {("ctps_common", "importreceipt")}  # default_permissions = ()
ADDED_COLUMNS["courses_registrationrequest"] = 11
# Staff of a country, and programme staff, may now read access requests.
ACCESS_REQUEST_GRANTS = {
    ("Country staff", "courses", "registrationrequest", "view_registrationrequest"),
    ("Programme staff", "courses", "registrationrequest", "view_registrationrequest"),
}
ADDED_COLUMNS["courses_certificate"] = ADDED_COLUMNS.get("courses_certificate", 0) + 1
PERMITTED_MODELS = (BACKGROUND_MODELS | RELEASE_MODELS) - UNPERMITTED_MODELS
AUTH_TABLES = {"auth_permission", "auth_group_permissions"}
CHECKED_APART = {"django_migrations", "django_content_type"} | AUTH_TABLES

SERVES_THE_UPGRADED_DATABASE = """
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page

from capability.register.models import Person
from capability.results.models import DashboardPage, Deliverable

page = Page.objects.get(slug="results").specific
assert isinstance(page, DashboardPage), type(page)
users = get_user_model().objects
manager = users.get(username="manager@ctps.example")
assert manager.has_perm("capability_results.view_dashboards")
assert manager.has_perm("capability_results.view_all_dashboards")
assert not manager.has_perm("capability.view_person")
staff = users.get(username="country.staff@ctps.example")
assert staff.has_perm("capability_results.change_deliverable")
assert staff.has_perm("capability.change_person")
client = Client()
assert client.get(page.url).status_code == 200
client.force_login(manager)
assert client.get("/admin/indicators/dashboards/").status_code == 200
client.force_login(staff)
deliverable = Deliverable.objects.for_user(staff).first()
assert client.get(f"/admin/capability_deliverable/edit/{deliverable.pk}/").status_code == 200
person = Person.objects.for_user(staff).first()
assert client.get(f"/admin/capability_person/inspect/{person.pk}/").status_code == 200
print("served")
"""


def pre_split_code(target: Path) -> Path:
    """The repository at PRE_SPLIT, unpacked in `target`; skipped without the git history."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", PRE_SPLIT],
            capture_output=True,
            check=True,
            timeout=120,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or str(error)
        reason = f"no git history holding {PRE_SPLIT} (main before the split): {detail!r}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def manage(code: Path, database_url: str, *args: str, old: bool) -> str:
    """`manage.py` of `code` (the old code shadows this checkout's editable install)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ctps.settings.dev",
        "DATABASE_URL": database_url,
    }
    environment.pop("PYTHONPATH", None)
    if old:
        environment["PYTHONPATH"] = os.pathsep.join([str(code), str(code / "site")])
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} ({code}):\n" + (
        result.stdout[-3000:] + result.stderr[-3000:]
    )
    return result.stdout


@contextmanager
def throwaway_database(tmp_path: Path):
    """(DATABASE_URL, DB-API connect()) of an empty database of this run's engine."""
    default = settings.DATABASES["default"]
    if not default["ENGINE"].endswith("postgresql"):
        path = tmp_path / "upgrade.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    server = {
        "host": default.get("HOST") or "localhost",
        "port": int(default.get("PORT") or 5432),
        "user": default.get("USER") or "",
        "password": default.get("PASSWORD") or "",
    }
    name = f"ctps_upgrade_{os.getpid()}_{secrets.token_hex(3)}"
    admin = None
    for maintenance in ("postgres", default["NAME"]):
        try:
            admin = psycopg.connect(**server, dbname=maintenance, autocommit=True)
            break
        except psycopg.OperationalError:
            continue
    assert admin is not None, "cannot reach the PostgreSQL server of this run"
    admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(server["user"]) + (
        f":{quote(server['password'])}" if server["password"] else ""
    )
    url = f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    try:
        yield url, lambda: psycopg.connect(**server, dbname=name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


GRANTS = """
    SELECT g.name, ct.app_label, ct.model, p.codename
    FROM auth_group_permissions gp
    JOIN auth_group g ON g.id = gp.group_id
    JOIN auth_permission p ON p.id = gp.permission_id
    JOIN django_content_type ct ON ct.id = p.content_type_id
"""
RESULTS_PAGE_TYPE = """
    SELECT p.content_type_id FROM wagtailcore_page p WHERE p.slug = 'results'
"""


def snapshot(connect) -> dict:
    """Every row of every table (sorted: the order they come in does not matter), and the
    facts checked by name: content types, grants, applied migrations, the results page."""
    connection = connect()
    try:
        cursor = connection.cursor()

        def rows(sql: str) -> list[tuple]:
            cursor.execute(sql)
            return sorted(
                (tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                 for row in cursor.fetchall()),
                key=repr,
            )  # fmt: skip

        if isinstance(connection, sqlite3.Connection):
            catalogue = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        else:
            catalogue = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        tables = [row[0] for row in rows(catalogue)]

        def columns(table: str) -> list[str]:
            cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')  # noqa: S608
            return [column[0] for column in cursor.description]

        return {
            "tables": {table: rows(f'SELECT * FROM "{table}"') for table in tables},  # noqa: S608
            "columns": {table: columns(table) for table in tables},
            "content_types": {pk: (app, model) for pk, app, model in rows(
                "SELECT id, app_label, model FROM django_content_type")},
            "grants": set(rows(GRANTS)),
            "migrations": set(rows("SELECT app, name FROM django_migrations")),
            "results_page_type": [row[0] for row in rows(RESULTS_PAGE_TYPE)],
        }  # fmt: skip
    finally:
        connection.close()


def checksum(rows: list[tuple]) -> str:
    return hashlib.sha256("\n".join(map(repr, rows)).encode()).hexdigest()


def moved(app_label: str, model: str) -> str:
    return (
        "capability_results" if app_label == "capability" and model in MOVED_MODELS else app_label
    )


def test_a_pre_split_database_upgrades_with_every_row_intact(tmp_path, db):
    old_code = pre_split_code(tmp_path / "pre-split")
    with throwaway_database(tmp_path) as (database_url, connect):
        manage(old_code, database_url, "migrate", "--noinput", old=True)
        manage(old_code, database_url, "load_demo", old=True)
        before = snapshot(connect)
        output = manage(ROOT, database_url, "migrate", "--noinput", old=False)
        after = snapshot(connect)
        served = manage(ROOT, database_url, "shell", "-c", SERVES_THE_UPGRADED_DATABASE, old=False)

    applied = set(re.findall(r"Applying (\S+?)\.\.\.", output))
    assert applied == {f"{app}.{name}" for app, name in NEW_MIGRATIONS}, output
    assert "served" in served

    # No table disappears but the old waiting uploads' (the new models' appear), and every row
    # of every other table survives as it was (three courses tables gained columns at their end).
    old_rows, new_rows = before["tables"], after["tables"]
    assert set(old_rows) >= DROPPED_TABLES
    assert set(new_rows) == (set(old_rows) - DROPPED_TABLES) | BACKGROUND_TABLES | RELEASE_TABLES
    assert all(new_rows[table] == [] for table in RELEASE_TABLES)
    assert set(old_rows) >= MOVED_TABLES and all(old_rows[table] for table in MOVED_TABLES)
    for table, added in TRANSLATION_COLUMNS.items():
        assert all(row[-added:] == ("",) * added for row in new_rows[table])
        new_rows[table] = [row[:-added] for row in new_rows[table]]
    for table in sorted(MOVED_TABLES):
        assert checksum(new_rows[table]) == checksum(old_rows[table]), table
    # SQLite rebuilds a table to alter a column and puts that column last (the lesson body's
    # new blocks): rows are compared column by name, in the old order, new columns last.
    for table in set(old_rows) & set(new_rows):
        old_columns, new_columns = before["columns"][table], after["columns"][table]
        order = [new_columns.index(name) for name in old_columns] + [
            index for index, name in enumerate(new_columns) if name not in old_columns
        ]
        if order != list(range(len(new_columns))):
            reordered = (tuple(row[index] for index in order) for row in new_rows[table])
            new_rows[table] = sorted(reordered, key=repr)
    first_added = len(old_rows["courses_enrolment"][0])
    registrations = [row[first_added] for row in new_rows["courses_enrolment"]]
    assert registrations and None not in registrations  # one xAPI registration each
    assert len(set(registrations)) == len(registrations)
    for table, added in ADDED_COLUMNS.items():
        assert all(len(row) == len(old_rows[table][0]) + added for row in new_rows[table])
        new_rows[table] = sorted((row[:-added] for row in new_rows[table]), key=repr)
    kept = sorted(set(old_rows) - CHECKED_APART - DROPPED_TABLES)
    assert {t: len(new_rows[t]) for t in kept} == {t: len(old_rows[t]) for t in kept}
    assert [table for table in kept if new_rows[table] != old_rows[table]] == []
    # Permissions and their groups keep their rows and ids; the new ones are the new models'
    # permissions and the one new grant.
    for table in sorted(AUTH_TABLES):
        assert set(old_rows[table]) <= set(new_rows[table]), table
    added_permissions = set(new_rows["auth_permission"]) - set(old_rows["auth_permission"])
    codenames = {f"{action}_{model}" for action in ("add", "change", "delete", "view")
                 for _app, model in PERMITTED_MODELS}  # fmt: skip
    assert {value for row in added_permissions for value in row} >= codenames
    assert len(added_permissions) == len(codenames)
    assert len(new_rows["auth_group_permissions"]) == len(
        old_rows["auth_group_permissions"]
    ) + 1 + len(RELEASE_GRANTS) + len(ACCESS_REQUEST_GRANTS)

    # django_migrations: the split's two migrations, those merged since, nothing else.
    # django_migrations: the new migrations and nothing else.
    assert after["migrations"] - before["migrations"] == NEW_MIGRATIONS
    assert before["migrations"] <= after["migrations"]

    # Content types: same rows, same ids; the moved models' now under capability_results.
    old_types, new_types = before["content_types"], after["content_types"]
    assert {("capability", model) for model in MOVED_MODELS} <= set(old_types.values())
    assert {pk: new_types[pk] for pk in old_types} == {
        pk: (moved(app, model), model) for pk, (app, model) in old_types.items()
    }
    assert {new_types[pk] for pk in set(new_types) - set(old_types)} == (
        BACKGROUND_MODELS | RELEASE_MODELS
    )
    assert not {("capability", model) for model in MOVED_MODELS} & set(new_types.values())
    assert before["results_page_type"] == after["results_page_type"] != []
    assert {new_types[pk] for pk in after["results_page_type"]} == {
        ("capability_results", "dashboardpage")
    }

    # Grants: the same permissions for the same groups, under the moved label...
    assert (
        after["grants"]
        == {
            (group, moved(app, model), model, codename)
            for group, app, model, codename in before["grants"]
        }
        | BACKGROUND_GRANTS
        | RELEASE_GRANTS
        | ACCESS_REQUEST_GRANTS
    )
    assert ("Manager", "capability_results", "indicator", "view_dashboards") in after["grants"]
    # ... which is what this code grants on a database it builds from scratch.
    capability_labels = ("capability", "capability_results")
    fresh = set(
        Permission.objects.filter(
            group__isnull=False, content_type__app_label__in=capability_labels
        ).values_list("group__name", "content_type__app_label", "content_type__model", "codename")
    )
    assert {grant for grant in after["grants"] if grant[1] in capability_labels} == fresh
