"""Every row of every table and every media file, to compare a site with its restore.

Every table the database holds is either compared row by row or named below with the reason
it is not; a table that is neither fails the comparison (nothing is left out silently).
In a process a test starts (settings from its environment):

    python -m tests.home.snapshot OUT.json [--write-after]

writes the snapshot of the default database and of the media folder to OUT.json;
`--write-after` then creates an account and a group, which fails if a restore left a
PostgreSQL sequence behind the rows it loaded.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import sys
import uuid
from pathlib import Path

# Tables that are not compared, each with its reason.
NOT_COMPARED = {
    "django_migrations": "not a model: the schema history, which restore requires to match",
    "sqlite_sequence": "SQLite's own id counters, not data",
}
# Tables starting with one of these prefixes are not compared, with the reason.
NOT_COMPARED_PREFIXES = {
    "wagtailsearch_indexentry": "the search index (and SQLite's full-text tables behind it): "
    "derived from the pages, left out of the backup and rebuilt by restore",
}
# Columns that are not compared, with the reason.
AUTOMATIC_LINK_ID = (
    "the id of an automatic many-to-many link row: the backup stores the links on their "
    "owner (dumpdata), restore creates the rows again with new ids"
)


def plain(value):
    """A JSON value that compares equal exactly when the database values are equal."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def table_snapshot(alias: str = "default") -> dict[str, list]:
    """{table: sorted rows} for every compared table; raises on a table nobody accounted for."""
    from django.apps import apps
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    models = {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    unexplained = sorted(
        table
        for table in tables
        if table not in models
        and table not in NOT_COMPARED
        and not table.startswith(tuple(NOT_COMPARED_PREFIXES))
    )
    if unexplained:
        raise AssertionError(f"tables neither compared nor named as left out: {unexplained}")
    snapshot = {}
    for table in sorted(tables):
        if table in NOT_COMPARED or table.startswith(tuple(NOT_COMPARED_PREFIXES)):
            continue
        model = models[table]
        meta = model._meta
        columns = [f.column for f in meta.local_concrete_fields]  # its own table only
        if meta.auto_created:  # see AUTOMATIC_LINK_ID
            columns.remove(meta.pk.column)
        with connection.cursor() as cursor:
            stored = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        if stored != {f.column for f in meta.local_concrete_fields}:  # nothing left unread
            raise AssertionError(f"{table}: columns {sorted(stored)} != the model's {columns}")
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:  # the stored values, as the database holds them
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")  # noqa: S608
            rows = [[plain(value) for value in row] for row in cursor.fetchall()]
        snapshot[table] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
    return json.loads(json.dumps(snapshot, sort_keys=True))


def media_snapshot(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under the media folder (none if it is missing)."""
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def site_snapshot(alias: str = "default") -> dict:
    from django.conf import settings

    return {"tables": table_snapshot(alias), "media": media_snapshot(settings.MEDIA_ROOT)}


def write_after_restore() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    Group.objects.create(name="Created after the restore")
    get_user_model().objects.create_user(
        username="after.restore@ctps.example", email="after.restore@ctps.example"
    )


def main(argv: list[str]) -> None:
    import django

    django.setup()
    Path(argv[0]).write_text(json.dumps(site_snapshot()))
    if "--write-after" in argv:
        write_after_restore()


if __name__ == "__main__":
    main(sys.argv[1:])
