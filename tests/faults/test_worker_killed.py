"""A gunicorn worker killed (SIGKILL, as by the OOM killer) while it confirms an import:
nothing is written, and the same pending import can be confirmed again, exactly once."""

import io
import json
import threading
import time

import pytest
import requests
from openpyxl import Workbook

from tests.faults.database import Probe
from tests.faults.servers import Gunicorn, csrf, signed_in, wait_until
from tests.home.fresh_database import python_module

IMPORT_URL = "/admin/capability_attendance/import/"
ROWS = 1500
HEADERS = ["Prénom", "Nom", "Sexe", "Structure", "Courriel", "Jours de présence",
           "Score pré-test (%)", "Score post-test (%)", "Certifié"]  # fmt: skip


def attendance_sheet(code: str, rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code de l'atelier", code])
    sheet.append([])
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append([f"Awa{n}", f"Diop{n}", "HF"[n % 2], "Police nationale",
                      f"p{n}@faults.example", 2, 40, 80, "oui"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def server(fresh_databases, tmp_path):
    url = fresh_databases.copy("import")
    env = {"DATABASE_URL": url, "CTPS_TEST_MEDIA_ROOT": str(tmp_path / "media")}
    seeded = python_module("tests.faults.seed", "import", env=env)
    assert seeded.returncode == 0, seeded.stderr
    gunicorn = Gunicorn(env, tmp_path)
    yield gunicorn, Probe(url), json.loads(seeded.stdout.splitlines()[-1])
    gunicorn.stop()


def written(probe: Probe) -> dict:
    return {
        "people": probe.count("capability_person"),
        "attendance": probe.count("capability_attendance"),
        "pending": probe.rows("SELECT state FROM ctps_common_pendingimport"),
    }


def test_a_worker_killed_mid_confirm_writes_nothing_and_the_import_is_confirmed_once(server):
    gunicorn, probe, seed = server
    session = signed_in(gunicorn, seed["login"], seed["password"])
    uploaded = session.post(
        f"{gunicorn.url}{IMPORT_URL}",
        data={"csrfmiddlewaretoken": csrf(session, f"{gunicorn.url}{IMPORT_URL}")},
        files={"file": ("feuille.xlsx", attendance_sheet(seed["workshop"], ROWS))},
        allow_redirects=False,
        timeout=600,
    )
    assert uploaded.status_code == 302, uploaded.text[-3000:]
    preview = f"{gunicorn.url}{uploaded.headers['Location']}"
    confirm = {"confirm": "1", "csrfmiddlewaretoken": csrf(session, preview)}
    before = written(probe)
    assert before == {"people": 0, "attendance": 0, "pending": [("previewed",)]}

    outcome = {}

    def post_confirm():
        try:
            outcome["response"] = session.post(preview, data=confirm, timeout=600)
        except requests.ConnectionError as error:
            outcome["error"] = error

    request = threading.Thread(target=post_confirm)
    request.start()
    wait_until(
        lambda: probe.writing("capability_person") or "response" in outcome,
        timeout=300,
        interval=0.02,
        what="the confirm's transaction to start writing",
    )
    assert "response" not in outcome, "the import finished before the worker could be killed"
    time.sleep(0.2)  # well inside the import's transaction
    gunicorn.kill_worker()
    request.join(timeout=120)

    assert "error" in outcome  # the browser saw the connection drop
    assert written(probe) == before  # no person, no attendance, the upload still waiting

    again = session.post(preview, data=confirm, timeout=600)
    assert again.status_code == 200 and "already imported" not in again.text
    assert written(probe) == {"people": ROWS, "attendance": ROWS, "pending": [("imported",)]}

    third = session.post(preview, data=confirm, timeout=600)
    assert "already imported by" in third.text
    assert written(probe)["attendance"] == ROWS
