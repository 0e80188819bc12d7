"""File writes that never leave a truncated file behind.

Django's `FileSystemStorage` streams an upload straight into its final name: when the disk
fills up (or the process is killed) half-way, a truncated file stays there, and a later
request may serve it. Every write here goes to a temporary name in the same directory
(same filesystem, so the final step is an atomic rename), is flushed to disk, then moved
into place; a failure removes the temporary file and the final name never appears.

`AtomicFileSystemStorage` is the site's default storage (documents, images, renditions,
certificates, evidence); `atomic_write_path` does the same for files written outside a
storage (backup archives). Backups skip names starting with `TEMP_PREFIX`.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from django.core.files import locks
from django.core.files.move import file_move_safe
from django.core.files.storage import FileSystemStorage
from django.shortcuts import render
from django.utils._os import safe_makedirs

TEMP_PREFIX = ".ctps-partial-"
logger = logging.getLogger(__name__)


def temporary_sibling(path: Path) -> Path:
    """A name next to `path` that no other writer picks and backups ignore."""
    return path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")


def _discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


@contextlib.contextmanager
def atomic_write_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `path` in one rename."""
    path = Path(path)
    temporary = temporary_sibling(path)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        _discard(temporary)


class AtomicFileSystemStorage(FileSystemStorage):
    """`FileSystemStorage` whose saves are all or nothing (see the module docstring)."""

    def _save(self, name, content):
        full_path = Path(self.path(name))
        if self.directory_permissions_mode is not None:
            safe_makedirs(full_path.parent, self.directory_permissions_mode, exist_ok=True)
        else:
            full_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = temporary_sibling(full_path)
        try:
            self._write_temporary(temporary, content)
            while True:
                if self._allow_overwrite:
                    os.replace(temporary, full_path)
                    break
                try:
                    # link() refuses an existing name, as the stock storage's O_EXCL does:
                    # a concurrent save of the same name gets another name, never a mix.
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = Path(self.path(name))
        finally:
            _discard(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(str(full_path))
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _write_temporary(self, temporary: Path, content) -> None:
        if hasattr(content, "temporary_file_path"):
            file_move_safe(content.temporary_file_path(), str(temporary))
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            return
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            locks.lock(handle, locks.LOCK_EX)
            try:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                locks.unlock(handle)


# errno values of a write refused for lack of room: disk full, file size limit, quota.
NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def is_out_of_room(error: BaseException) -> bool:
    """A write refused because the disk (or the process's file-size limit) is full."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in NO_ROOM:
            return True
        error = error.__cause__ or error.__context__
    return False


class StorageFullMiddleware:
    """Answer an upload that found the disk full with a page saying so (507), not a 500.

    The storage above has removed the partial file and the request's database writes roll
    back with the exception, so the page can say that nothing was kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_out_of_room(exception):
            return None
        logger.error("A write found no room on the server", exc_info=exception)
        return render(request, "ctps_common/storage_full.html", status=507)
