"""The disk fills up under an upload: the server's worker may write files of 64 KB at most
(RLIMIT_FSIZE, set on the running worker; its writes then fail with EFBIG as they would with
ENOSPC). The user reads that the file was not saved, no truncated file remains, no row
names one, and the same upload succeeds once there is room again."""

import json
import re
import resource

import pytest

from tests.faults.database import Probe
from tests.faults.servers import Gunicorn, csrf, require, signed_in
from tests.home.fresh_database import python_module

LIMIT = 64 * 1024
DOCUMENT = b"%PDF-1.4 signed attendance sheet\n" * 32_000  # about 1 MB


@pytest.fixture
def server(fresh_databases, tmp_path):
    require(hasattr(resource, "prlimit"), "resource.prlimit is Linux only")
    url = fresh_databases.copy("disk")
    media = tmp_path / "media"
    env = {"DATABASE_URL": url, "CTPS_TEST_MEDIA_ROOT": str(media)}
    seeded = python_module("tests.faults.seed", "import", env=env)
    assert seeded.returncode == 0, seeded.stderr
    gunicorn = Gunicorn(env, tmp_path)
    yield gunicorn, Probe(url), json.loads(seeded.stdout.splitlines()[-1]), media
    gunicorn.stop()


def files_under(root):
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    )


def upload(gunicorn, session):
    url = f"{gunicorn.url}/admin/documents/add/"
    form = session.get(url, timeout=120).text
    collection = re.search(r'<select name="collection"[^>]*>\s*<option value="(\d+)"', form)
    return session.post(
        url,
        data={
            "csrfmiddlewaretoken": csrf(session, url),
            "title": "Attendance sheet, Dakar",
            **({"collection": collection.group(1)} if collection else {}),
        },
        files={"file": ("sheet.pdf", DOCUMENT, "application/pdf")},
        allow_redirects=False,
        timeout=300,
    )


def test_an_upload_that_finds_the_disk_full_keeps_nothing_and_says_so(server):
    gunicorn, probe, seed, media = server
    session = signed_in(gunicorn, seed["login"], seed["password"])
    before = files_under(media) if media.exists() else []
    worker = gunicorn.worker()
    _, hard = resource.prlimit(worker, resource.RLIMIT_FSIZE)
    resource.prlimit(worker, resource.RLIMIT_FSIZE, (LIMIT, hard))  # the soft limit only
    try:
        refused = upload(gunicorn, session)
    finally:
        resource.prlimit(worker, resource.RLIMIT_FSIZE, (hard, hard))

    assert refused.status_code == 507, refused.text[-2000:]
    assert "Your file was not saved" in refused.text
    assert "no room left" in refused.text and "Nothing was kept" in refused.text
    assert (files_under(media) if media.exists() else []) == before  # no truncated file
    assert probe.count("wagtaildocs_document") == 0

    saved = upload(gunicorn, session)  # room again: the same upload goes through
    assert saved.status_code == 302, saved.text[-2000:]
    assert [size for name, size in files_under(media) if name.startswith("documents/")] == [
        len(DOCUMENT)
    ]
    assert probe.count("wagtaildocs_document") == 1
