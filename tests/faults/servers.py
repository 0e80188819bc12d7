"""Real server processes for the fault tests: gunicorn from the venv (what production runs),
one worker, on a database of its own; a private PostgreSQL cluster the test may stop.

A prerequisite missing skips the test with the reason, except under CI=true, where CI
installs every prerequisite and a missing one fails the test.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Gunicorn's workers ignore SIGXFSZ: a file-size limit (RLIMIT_FSIZE) then fails a write with
# EFBIG, as a full disk fails it with ENOSPC, instead of killing the worker.
GUNICORN_CONFIG = """
import signal
def post_fork(server, worker):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
"""


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI installs this prerequisite, yet: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Gunicorn:
    """`gunicorn ctps.wsgi` with the test settings, one sync worker."""

    def __init__(self, env: dict[str, str], workdir: Path):
        require(GUNICORN.exists(), f"no gunicorn at {GUNICORN}")
        require(Path("/proc/self/task").is_dir(), "no /proc to find gunicorn's worker")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = Path(workdir) / "gunicorn_conf.py"
        config.write_text(GUNICORN_CONFIG)
        self.log = open(Path(workdir) / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [
                str(GUNICORN),
                "ctps.wsgi",
                "--config",
                str(config),
                "--workers",
                "1",
                "--timeout",
                "600",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],  # fmt: skip
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "ctps.settings.test", **env},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()  # never leave a server running behind a failed start
            raise

    def wait_ready(self) -> None:
        def answers():
            try:
                return requests.get(f"{self.url}/admin/login/", timeout=60).status_code == 200
            except requests.RequestException:  # not listening yet, or still starting
                assert self.process.poll() is None, self.output()
                return False

        wait_until(answers, timeout=180, what="gunicorn to answer")

    def worker(self) -> int:
        """The worker's pid (the master's one child)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        return pids[0] if len(pids) == 1 else 0

    def kill_worker(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a crash does; the master starts another."""
        old = self.worker()
        os.kill(old, signal.SIGKILL)
        wait_until(lambda: self.worker() not in (0, old), timeout=60, what="a new worker")
        self.wait_ready()

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-5000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def signed_in(server: Gunicorn, login: str, password: str) -> requests.Session:
    """A browser-like session signed in through the admin's login form."""
    session = requests.Session()
    page = session.get(f"{server.url}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{server.url}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": login, "password": password},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[-2000:]
    return session


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=120)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb), which it may stop and start."""

    def __init__(self):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        require(bool(found), "PostgreSQL's server binaries (initdb) are not installed")
        self.bin = found[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="ctps-faults-pg-"))
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            require(shutil.which("runuser") is not None, "running as root without runuser")
            shutil.chown(self.dir, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "ctps")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/ctps"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [*self.as_postgres, str(self.bin / tool), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        data, log = str(self.dir / "data"), str(self.dir / "log")
        self._run("pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
