"""Backup and restore of the whole site: every database table plus the media files.

One portable archive (tar.gz) holds `manifest.json` (when, from which schema, row counts),
`data.json` (Django's dumpdata of every model, primary keys kept, in the "precise_json"
format because the stock JSON format rounds datetimes to milliseconds) and `media/` (every file of
the default storage, which may be local or S3). Restoring needs a database migrated to the
same schema; it replaces all rows in one transaction. For large PostgreSQL deployments,
`pg_dump`/`pg_restore` of the database plus a copy of the media bucket is the faster path;
this format is the one that moves between SQLite and PostgreSQL and is tested end to end.
"""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from ctps_common.cache import batch

FORMAT_VERSION = 1


class RestoreError(Exception):
    """The archive cannot be restored into this database; nothing was changed."""


def table_row_counts(database: str = "default") -> dict[str, int]:
    """Rows per concrete model table, for the manifest and for checking a restore."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.db_table] = model._base_manager.using(database).count()
    return dict(sorted(counts.items()))


def applied_migrations(database: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[database])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def iter_storage_files(directory: str = ""):
    directories, files = default_storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for name in directories:
        yield from iter_storage_files(f"{directory}/{name}" if directory else name)


def site_backup(*, output: Path, database: str = "default", include_media: bool = True) -> dict:
    """Write the archive and return its manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.json"
        call_command(
            "dumpdata",
            all=True,
            database=database,
            output=str(data_path),
            format="precise_json",
            verbosity=0,
            exclude=["wagtailsearch"],  # a derived index: rebuilt after a restore
        )
        media = list(iter_storage_files()) if include_media else []
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "migrations": applied_migrations(database),
            "row_counts": table_row_counts(database),
            "media_files": len(media),
        }
        with tarfile.open(output, "w:gz") as archive:
            payload = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
            archive.add(data_path, arcname="data.json")
            for name in media:
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                info = tarfile.TarInfo(f"media/{name}")
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
    return manifest


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise RestoreError(f"{archive_path} is not a ctps backup archive ({error}).") from error


def site_restore(*, archive_path: Path, database: str = "default") -> dict:
    """Replace every row of `database` (and the media files) with the archive's content."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"Unsupported backup format {manifest.get('format')!r}.")
    missing = sorted(set(manifest["migrations"]) - set(applied_migrations(database)))
    if missing:
        raise RestoreError(
            "The database is behind the backup's schema; run `manage.py migrate` first. "
            f"Missing: {', '.join(missing[:5])}"
        )
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extract("data.json", tmp, filter="data")
        media_members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        # batch(): every cache built on the rows gets one new version, not one per row loaded
        with batch(), transaction.atomic(using=database):
            call_command(
                "flush",
                database=database,
                interactive=False,
                inhibit_post_migrate=True,
                verbosity=0,
            )
            # The stock JSON deserializer reads the precise timestamps as they are.
            call_command("loaddata", str(Path(tmp) / "data.json"), database=database, verbosity=0)
        for member in media_members:
            if not member.isfile():
                continue
            name = member.name.removeprefix("media/")
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(archive.extractfile(member).read()))
    if database == "default":
        call_command("update_index", verbosity=0)
    return manifest
