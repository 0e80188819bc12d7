"""Backup and restore of the whole site: every database table plus the media files.

One portable archive (tar.gz) holds `manifest.json` (when, from which schema, row counts, and
each media file's size and SHA-256), `data.json` (Django's dumpdata of every model, primary
keys kept, in the "precise_json" format because the stock JSON format rounds datetimes to
milliseconds) and `media/` (every file of the default storage, which may be local or S3).

Restoring needs a database migrated to the same schema. It refuses a database that already
holds data (accounts) unless told to replace it. It is all or nothing:

1. the media files are unpacked first, to temporary names beside their final place, and
   checked against the manifest's checksums (a full disk or a damaged archive stops here,
   nothing changed);
2. every row is replaced in one transaction: content types first, with their backup ids
   (Wagtail registers a missing content type while it builds page and task objects, so
   loading them later collided with the one just registered), then every other row;
3. only once that transaction has committed are the media files moved into place, each by
   one rename.

For large PostgreSQL deployments, `pg_dump`/`pg_restore` of the database plus a copy of the
media is the faster path (docs/OPERATIONS.md); this format is the one that moves between
SQLite and PostgreSQL and is tested end to end.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from ctps_common.cache import batch
from ctps_common.storage import TEMP_PREFIX, atomic_write_path, temporary_sibling

FORMAT_VERSION = 2
READABLE_FORMATS = {1, 2}  # 1: no media checksums in the manifest
CHUNK = 1024 * 1024


class RestoreError(Exception):
    """The archive cannot be restored into this database; nothing was changed."""


class BackupError(Exception):
    """The archive could not be written; no archive file was left behind."""


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


def media_folder_missing() -> bool:
    """A local media folder that does not exist yet (a new site before its first upload)."""
    return isinstance(default_storage, FileSystemStorage) and not os.path.isdir(
        default_storage.location
    )


def iter_storage_files(directory: str = ""):
    """Every file of the default storage, skipping unfinished writes (`TEMP_PREFIX`)."""
    if not directory and media_folder_missing():
        return
    directories, files = default_storage.listdir(directory)
    for name in sorted(files):
        if not name.startswith(TEMP_PREFIX):
            yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        if not name.startswith(TEMP_PREFIX):
            yield from iter_storage_files(f"{directory}/{name}" if directory else name)


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def site_backup(*, output: Path, database: str = "default", include_media: bool = True) -> dict:
    """Write the archive (to a temporary name, renamed when complete) and return its manifest."""
    output = Path(output)
    try:
        with tempfile.TemporaryDirectory() as tmp, atomic_write_path(output) as partial:
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
            names = list(iter_storage_files()) if include_media else []
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(),
                "migrations": applied_migrations(database),
                "row_counts": table_row_counts(database),
                "media_files": len(names),
                "media": {},
                "media_folder_missing": include_media and media_folder_missing(),
            }
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(data_path, arcname="data.json")
                for name in names:
                    with default_storage.open(name, "rb") as handle:
                        checksum = sha256_of(handle)
                        size = handle.tell()
                        handle.seek(0)
                        info = tarfile.TarInfo(f"media/{name}")
                        info.size = size
                        archive.addfile(info, handle)
                    manifest["media"][name] = {"size": size, "sha256": checksum}
                # Last, so that an archive cut short is refused as a whole by restore.
                payload = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(payload)
                archive.addfile(info, io.BytesIO(payload))
    except OSError as error:
        raise BackupError(f"Could not write {output}: {error.strerror or error}") from error
    return manifest


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, OSError, ValueError, EOFError) as error:
        raise RestoreError(f"{archive_path} is not a ctps backup archive ({error}).") from error


def database_contents(database: str = "default") -> dict[str, int]:
    """What a restore would overwrite: accounts, and every row (a freshly migrated database
    holds rows its migrations wrote, never an account)."""
    user_model = get_user_model()
    return {
        "accounts": user_model._base_manager.using(database).count(),
        "rows": sum(table_row_counts(database).values()),
    }


@dataclass
class RestoreReport:
    manifest: dict
    replaced: dict[str, int] = field(default_factory=dict)  # what was there before, if any
    media_files: int = 0


def site_restore(
    *, archive_path: Path, database: str = "default", replace: bool = False
) -> RestoreReport:
    """Replace every row of `database` (and the media files) with the archive's content.

    A database holding accounts is refused unless `replace` is true; a freshly migrated one
    (rows from its migrations, no account) is replaced without asking.
    """
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest.get("format") not in READABLE_FORMATS:
        raise RestoreError(f"Unsupported backup format {manifest.get('format')!r}.")
    missing = sorted(set(manifest["migrations"]) - set(applied_migrations(database)))
    if missing:
        raise RestoreError(
            "The database is behind the backup's schema; run `manage.py migrate` first. "
            f"Missing: {', '.join(missing[:5])}"
        )
    before = database_contents(database)
    if before["accounts"] and not replace:
        raise RestoreError(
            f"The database '{database}' already holds data ({before['accounts']} accounts, "
            f"{before['rows']} rows). Restoring would replace all of it: run again with "
            "--replace to do so, or restore into a freshly migrated database. "
            "Nothing was changed."
        )
    report = RestoreReport(manifest=manifest, replaced=before if before["accounts"] else {})
    with tempfile.TemporaryDirectory() as tmp, _StagedMedia() as media:
        with tarfile.open(archive_path, "r:gz") as archive:
            data_path = Path(tmp) / "data.json"
            try:
                _unpack_data(archive, data_path)
                media.stage(archive, manifest)
            except OSError as error:
                raise RestoreError(
                    f"Could not unpack the archive ({error.strerror or error}); "
                    "nothing was changed."
                ) from error
        # batch(): every cache built on the rows gets one new version, not one per row loaded
        try:
            with batch(), transaction.atomic(using=database):
                call_command(
                    "flush",
                    database=database,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                ContentType.objects.clear_cache()
                call_command("loaddata", str(data_path), database=database, verbosity=0)
        except (DatabaseError, DeserializationError, ValueError, LookupError) as error:
            raise RestoreError(
                f"The archive's rows could not be loaded ({error}); the database was "
                "rolled back, nothing was changed."
            ) from error
        finally:
            ContentType.objects.clear_cache()  # ids may differ from what it cached
        report.media_files = media.commit()
    if database == "default":
        call_command("update_index", verbosity=0)
    return report


def _unpack_data(archive: tarfile.TarFile, target: Path) -> None:
    """data.json with the content types first (see the module docstring)."""
    try:
        rows = json.load(archive.extractfile("data.json"))
    except (KeyError, ValueError) as error:
        raise RestoreError(f"The archive's data.json is missing or damaged ({error}).") from error
    rows.sort(key=lambda row: row.get("model") != "contenttypes.contenttype")
    with open(target, "w") as handle:
        json.dump(rows, handle)


class _StagedMedia:
    """Media files unpacked beside their final names, moved into place by `commit()`.

    With a local storage the staged copy sits in the same directory as its final name, so the
    move is one rename; with another storage (S3) each file is uploaded after the database
    commit, and an object store writes each object whole.
    """

    def __init__(self):
        self.staged: list[tuple[str, Path]] = []
        self.local = isinstance(default_storage, FileSystemStorage)
        self._tmp = None

    def __enter__(self):
        if not self.local:
            self._tmp = tempfile.mkdtemp(prefix="ctps-restore-media-")
        return self

    def __exit__(self, *exc):
        for _name, path in self.staged:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def stage(self, archive: tarfile.TarFile, manifest: dict) -> None:
        expected = manifest.get("media", {})
        for member in archive.getmembers():
            if not (member.isfile() and member.name.startswith("media/")):
                continue
            name = member.name.removeprefix("media/")
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise RestoreError(f"The archive holds an unsafe media name: {name!r}.")
            if self.local:
                final = Path(default_storage.path(name))
                final.parent.mkdir(parents=True, exist_ok=True)
                staged = temporary_sibling(final)
            else:
                staged = Path(self._tmp) / f"{len(self.staged)}"
            self.staged.append((name, staged))
            source = archive.extractfile(member)
            digest = hashlib.sha256()
            with open(staged, "wb") as handle:
                for chunk in iter(lambda src=source: src.read(CHUNK), b""):
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            checksum = expected.get(name, {}).get("sha256")
            if checksum and checksum != digest.hexdigest():
                raise RestoreError(
                    f"The media file {name} in the archive is damaged (checksum mismatch); "
                    "nothing was changed."
                )

    def commit(self) -> int:
        for name, staged in self.staged:
            if self.local:
                os.replace(staged, default_storage.path(name))
            else:
                if default_storage.exists(name):
                    default_storage.delete(name)
                with open(staged, "rb") as handle:
                    default_storage.save(name, File(handle, name=name))
        count = len(self.staged)
        self.staged = []
        return count
