"""Media writes go to a temporary name and are moved into place: a write that fails half-way
(the disk full, here a file-size limit on the writing process) leaves no file behind."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from ctps_common.storage import TEMP_PREFIX, AtomicFileSystemStorage

# A process that can write at most LIMIT bytes to any file saves a 1 MB file through the
# storage class given, and reports what happened. SIGXFSZ is ignored, so the write fails
# with EFBIG as it does with ENOSPC on a full disk, instead of killing the process.
WRITER = """
import json, resource, signal, sys
import django
from django.conf import settings
settings.configure(MEDIA_ROOT=sys.argv[2])
django.setup()
from django.core.files.base import ContentFile
from django.utils.module_loading import import_string
storage = import_string(sys.argv[1])()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
try:
    name = storage.save("documents/report.pdf", ContentFile(b"%PDF" * 256 * 1024))
    print(json.dumps({"saved": name}))
except OSError as error:
    print(json.dumps({"error": error.errno}))
"""


def write_under_a_full_disk(storage_class: str, root: Path) -> dict:
    result = subprocess.run(  # noqa: S603 - this interpreter, the script above
        [sys.executable, "-c", WRITER, storage_class, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_write_that_finds_the_disk_full_leaves_no_file(tmp_path):
    outcome = write_under_a_full_disk("ctps_common.storage.AtomicFileSystemStorage", tmp_path)
    assert outcome == {"error": 27}  # EFBIG
    assert files_under(tmp_path) == []


def test_the_stock_storage_would_leave_a_truncated_file(tmp_path):
    """What the storage above prevents (and proof that the limit really cuts the write)."""
    outcome = write_under_a_full_disk("django.core.files.storage.FileSystemStorage", tmp_path)
    assert outcome == {"error": 27}
    assert files_under(tmp_path) == ["documents/report.pdf"]
    assert (tmp_path / "documents/report.pdf").stat().st_size == 64 * 1024


def test_the_site_stores_media_through_it():
    assert isinstance(default_storage, AtomicFileSystemStorage)


@pytest.mark.parametrize(
    "content",
    [
        ContentFile(b"in memory", name="a.txt"),
        SimpleUploadedFile("a.txt", b"in memory"),
        ContentFile("text, not bytes", name="a.txt"),
    ],
    ids=["bytes", "upload", "text"],
)
def test_saves_keep_the_stock_behaviour(tmp_path, content):
    storage = AtomicFileSystemStorage(location=tmp_path, base_url="/m/")
    first = storage.save("docs/a.txt", content)
    content.seek(0)
    second = storage.save("docs/a.txt", content)  # the name is taken: another one is chosen
    assert first == "docs/a.txt" and second != first and second.startswith("docs/a_")
    assert storage.open(first).read() == storage.open(second).read()
    assert files_under(tmp_path) == sorted([first, second])
    assert not any(name.startswith(TEMP_PREFIX) for name in files_under(tmp_path))


def test_an_uploaded_temporary_file_is_moved_in(tmp_path, settings):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("big.bin", "application/octet-stream", 3, None)
    upload.write(b"abc")
    upload.flush()
    storage = AtomicFileSystemStorage(location=tmp_path / "media")
    name = storage.save("big.bin", upload)
    upload.close()  # its temporary file was moved away, as Django's storage does
    assert (tmp_path / "media" / name).read_bytes() == b"abc"
    assert files_under(tmp_path / "media") == ["big.bin"]


def test_overwriting_storage_replaces_in_one_rename(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("a.txt", ContentFile(b"old"))
    assert storage.save("a.txt", ContentFile(b"new")) == "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == b"new"
    assert files_under(tmp_path) == ["a.txt"]
