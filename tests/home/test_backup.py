from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document

from home.backup import table_row_counts
from tests.courses.records import complete
from tests.factories.accounts import TraineeFactory
from tests.factories.courses import CoursePageFactory, SurveyResponseFactory
from tests.factories.register import CountryStaffFactory, small_register
from tests.factories.results import (
    DashboardPageFactory,
    DeliverableFactory,
    FollowUpFactory,
    logframe,
)
from tests.factories.site import home_page

SKIPPED_PREFIXES = ("wagtailsearch_",)  # derived search index, rebuilt after a restore


def table_rows(alias: str) -> dict[str, list[tuple]]:
    """Every row of every table, as sorted tuples of plain values."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table.startswith(SKIPPED_PREFIXES):
            continue
        fields = [field.attname for field in meta.concrete_fields]
        if meta.auto_created:  # many-to-many links: loaddata re-creates them with new ids
            fields.remove(meta.pk.attname)
        values = model._base_manager.using(alias).values_list(*fields)
        rows[meta.db_table] = sorted(tuple(map(_plain, row)) for row in values)
    return rows


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.fixture
def fresh_database():
    """The "restore" database at the same schema as default, holding no rows."""
    source = MigrationRecorder(connections["default"])
    target = MigrationRecorder(connections["restore"])
    if not target.has_table() and connections["restore"].vendor != "sqlite":
        target.ensure_schema()
    elif not target.has_table():
        # The test creates the "restore" tables without migrations, hence without this one;
        # SQLite's schema editor refuses to run inside the test's transaction, plain DDL works.
        with connections["restore"].cursor() as cursor:
            cursor.execute(
                "CREATE TABLE django_migrations (id integer PRIMARY KEY, app varchar(255) "
                "NOT NULL, name varchar(255) NOT NULL, applied timestamp NOT NULL)"
            )
    for app, name in source.applied_migrations():
        target.record_applied(app, name)
    return "restore"


@pytest.fixture
def site_data(db):
    """Rows in the tables of every app, as the demo has them: the home page in English and
    French with a redirect to it, a course taken to completion (attempts and answers, lesson
    completions, certificate, xAPI statements) and its survey, the register of two countries
    and a country's staff, and the results (logical framework with baselines, targets and
    values, a deliverable with organisations, a follow-up, the public page)."""
    home = home_page(languages=("en", "fr"))
    Redirect.objects.create(old_path="/welcome", redirect_page=home)
    trainee = TraineeFactory()
    course = CoursePageFactory(lessons=2)
    complete(course, trainee)
    SurveyResponseFactory(user=trainee, course=course, comment="Useful.")
    register = small_register(("GH", "KE"))
    CountryStaffFactory(countries=["GH"])
    logframe(list(register.countries.values()))
    DeliverableFactory(status="adopted", organisations=register.organisations["GH"][:2])
    FollowUpFactory(workshop=register.workshops["GH"][0], person=register.people["GH"][1])
    DashboardPageFactory()


@pytest.mark.django_db(databases=["default", "restore"])
def test_backup_restores_every_row_and_file_into_a_fresh_database(
    site_data, fresh_database, tmp_path
):
    Document.objects.create(
        title="Sign-in sheet", file=ContentFile(b"name,sex\nAma,F\n", name="documents/sheet.csv")
    )
    stored_name = Document.objects.get(title="Sign-in sheet").file.name
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=open("/dev/null", "w"))  # noqa: SIM115

    original = table_rows("default")
    assert sum(len(r) for r in original.values()) > 50
    fresh = table_rows("restore")
    assert fresh["wagtailcore_page"] == [] and fresh["auth_user"] == []

    default_storage.delete(stored_name)
    call_command("restore", archive, database="restore", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert table_rows("restore") == original
    with default_storage.open(stored_name) as handle:
        assert handle.read() == b"name,sex\nAma,F\n"
    # The restored database still works: the home page tree is intact.
    with connections["restore"].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_page WHERE depth = 2")
        assert cursor.fetchone()[0] == 2


@pytest.mark.django_db(databases=["default", "restore"])
def test_restore_refuses_a_file_that_is_not_a_backup(fresh_database, tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not our archive")
    before = table_row_counts("restore")
    with pytest.raises(CommandError, match="not a ctps backup archive"):
        call_command("restore", bogus, database="restore")
    assert table_row_counts("restore") == before


def test_restore_of_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", Path("/nonexistent/backup.tar.gz"))


@pytest.mark.django_db(databases=["default", "restore"])
def test_restore_refuses_a_database_behind_the_backup_schema(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="run `manage.py migrate` first"):
        call_command("restore", archive, database="restore")
