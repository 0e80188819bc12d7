"""The restore drill an operator runs: back up the site, migrate an empty database in another
process, restore into it with `manage.py restore`, and compare every table's rows and every
media file's checksum. On SQLite, and on PostgreSQL when DATABASE_URL points at one (the
fresh databases are then created on that server and dropped afterwards)."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.home.fresh_database import FreshDatabases, manage, python_module
from tests.home.snapshot import site_snapshot
from tests.home.test_backup import site_data  # noqa: F401 - the fixture


@pytest.fixture(scope="module")
def fresh_databases(tmp_path_factory):
    databases = FreshDatabases(tmp_path_factory.mktemp("fresh-databases"))
    yield databases
    databases.drop_all()


def png() -> bytes:
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def backup(site_data, tmp_path):  # noqa: F811
    """The site's backup (rows of every app, a document, an image and its rendition) and what
    it must restore to."""
    Document.objects.create(
        title="Sign-in sheet", file=ContentFile(b"name,sex\nAma,F\n", name="sheet.csv")
    )
    image = Image.objects.create(title="Venue map", file=ContentFile(png(), name="map.png"))
    image.get_rendition("fill-20x20")
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=archive, stdout=out)
    assert "Backed up" in out.getvalue()
    return archive, site_snapshot()


class Target:
    """A freshly migrated database and its own media folder, used by other processes."""

    def __init__(self, url: str, media: Path):
        self.env = {"DATABASE_URL": url, "CTPS_TEST_MEDIA_ROOT": str(media)}
        self.media = media

    def restore(self, archive: Path, *flags: str):
        return manage("restore", str(archive), *flags, env=self.env)

    def snapshot(self, *flags: str) -> dict:
        out = self.media.parent / "snapshot.json"
        result = python_module("tests.home.snapshot", str(out), *flags, env=self.env)
        assert result.returncode == 0, result.stderr
        return json.loads(out.read_text())


@pytest.fixture
def target(fresh_databases, request, tmp_path):
    return Target(fresh_databases.copy(request.node.name[-40:].lower()), tmp_path / "media")


def assert_same_site(restored: dict, original: dict) -> None:
    assert restored["tables"].keys() == original["tables"].keys()
    different = [t for t in original["tables"] if restored["tables"][t] != original["tables"][t]]
    details = {t: (original["tables"][t], restored["tables"][t]) for t in different}
    assert different == [], f"tables whose rows differ after the restore: {details}"
    assert restored["media"] == original["media"]


@pytest.mark.django_db
def test_restore_into_a_freshly_migrated_database_gives_back_every_row_and_file(backup, target):
    archive, original = backup
    assert len(original["media"]) >= 3  # the document, the image, its rendition
    assert target.snapshot()["tables"]["wagtailcore_page"]  # migrate wrote the root page

    result = target.restore(archive)

    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout and "Replaced" not in result.stdout
    assert_same_site(target.snapshot("--write-after"), original)
    # The restored database takes new rows (PostgreSQL's sequences follow the loaded ids).
    assert target.snapshot()["tables"]["auth_group"] != original["tables"]["auth_group"]


@pytest.mark.django_db
def test_a_database_in_use_is_refused_unless_replace_is_asked_then_replaced(backup, target):
    archive, original = backup
    assert target.restore(archive).returncode == 0
    target.snapshot("--write-after")  # someone signs up: the database is in use
    (target.media / "later-upload.txt").write_text("kept")
    in_use = target.snapshot()

    refused = target.restore(archive)

    assert refused.returncode != 0
    assert "already holds data" in refused.stderr and "--replace" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert target.snapshot() == in_use

    replaced = target.restore(archive, "--replace")

    assert replaced.returncode == 0, replaced.stderr
    assert "Replaced everything database 'default' held" in replaced.stdout
    after = target.snapshot()
    # A file no row names any more is left where it was, never deleted.
    assert after["media"].pop("later-upload.txt")
    assert_same_site(after, original)


def damaged_copy(archive: Path, out: Path, *, rows=None, media=None) -> Path:
    """The archive with its data.json rows passed through `rows` or its media through `media`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json" and rows:
                content = json.dumps(rows(json.loads(content))).encode()
            elif member.name.startswith("media/") and media:
                content = media(content)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return out


@pytest.mark.django_db
def test_a_restore_that_fails_half_way_changes_no_row_and_no_file(backup, target, tmp_path):
    archive, _ = backup
    assert target.restore(archive).returncode == 0
    target.snapshot("--write-after")
    before = target.snapshot()

    def with_a_clash_at_the_end(rows):
        user = next(row for row in rows if row["model"] == "auth.user")
        return [*rows, {**user, "pk": 10_000}]  # the same username twice: refused at load

    clash = damaged_copy(archive, tmp_path / "clash.tar.gz", rows=with_a_clash_at_the_end)
    failed = target.restore(clash, "--replace")

    assert failed.returncode != 0
    assert "rolled back, nothing was changed" in failed.stderr
    assert target.snapshot() == before  # rows, and media: no file moved, no temporary left

    damaged = damaged_copy(archive, tmp_path / "damaged.tar.gz", media=lambda b: b[:-1])
    refused = target.restore(damaged, "--replace")

    assert refused.returncode != 0
    assert "damaged (checksum mismatch); nothing was changed" in refused.stderr
    assert target.snapshot() == before


@pytest.mark.django_db
def test_backup_of_a_site_without_a_media_folder_yet(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    with override_settings(MEDIA_ROOT=tmp_path / "no-media-yet"):
        call_command("backup", output=archive, stdout=out)
    assert "media folder does not exist yet" in out.getvalue()
    assert "0 media files" in out.getvalue()
    with tarfile.open(archive) as contents:
        assert sorted(contents.getnames()) == ["data.json", "manifest.json"]
    assert not (tmp_path / "no-media-yet").exists()


@pytest.mark.django_db
def test_a_backup_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Could not write .*No such file or directory"):
        call_command("backup", output=tmp_path / "nowhere" / "b.tar.gz", stdout=io.StringIO())
    assert not (tmp_path / "nowhere").exists()
