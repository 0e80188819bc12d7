"""`make loadtest`: a throwaway PostgreSQL cluster and Redis (the cache the workers share),
gunicorn (4 workers, production settings) on 127.0.0.1, a seeded database, then locust for
two minutes with 50 trainees, 6 staff and 4 managers. Fails on any 5xx, any failed request
or any quiz submission missing from the database; writes the figures under "## Load test"
in docs/PERFORMANCE.md.

Seeding uses `manage.py generate_synthetic --scale 10` when that command exists, else the
demo (`load_demo`) plus the load accounts; the report says which.
"""

import argparse
import csv
import datetime
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
REPORT = ROOT / "docs" / "PERFORMANCE.md"
HEADING = "## Load test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, workdir: Path):
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.dir = workdir / "pg"
        self.port = free_port()

    def __enter__(self):
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        run(as_postgres([str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U",
                         "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]))  # fmt: skip
        run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l",
                         str(self.dir / "log"), "-w", "start", "-o",
                         f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                         "-c max_connections=100"]))  # fmt: skip
        run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", "ctps"])  # fmt: skip
        return self

    def __exit__(self, *exc):
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                         "-w", "stop"]), capture_output=True, check=False,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ctps"


class Redis:
    """Debian's redis-server on a Unix socket in the work folder: production's shared cache."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "redis"
        self.process = None

    def __enter__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server not found: apt-get install redis-server")
        self.dir.mkdir()
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--unixsocket", str(self.dir / "redis.sock"),
             "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--logfile", str(self.dir / "log")],
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not (self.dir / "redis.sock").exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("redis-server did not start")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    @property
    def url(self) -> str:
        return f"unix://{self.dir / 'redis.sock'}"


def run(command, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def has_synthetic(env) -> bool:
    found = subprocess.run(
        [str(VENV / "python"), "manage.py", "help", "generate_synthetic"],
        cwd=ROOT, env=env, capture_output=True, check=False,
    )  # fmt: skip
    return found.returncode == 0


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def count_writes(env, attempt_ids: list[int]) -> dict:
    script = (
        "import json, sys; from courses.models import QuizAttempt, LessonCompletion;"
        "ids = json.loads(sys.argv[1]);"
        "found = set(QuizAttempt.objects.filter(pk__in=ids, status__in=['submitted','expired'])"
        ".values_list('pk', flat=True));"
        "print(json.dumps({'missing': sorted(set(ids) - found),"
        "'attempts_in_db': QuizAttempt.objects.filter(user__username__startswith='load.')"
        ".exclude(status='open').count(),"
        "'lessons_in_db': LessonCompletion.objects.filter(user__username__startswith='load.')"
        ".count()}))"
    )
    out = subprocess.run(
        [str(VENV / "python"), "-c", f"import django; django.setup(); exec({script!r})",
         json.dumps(attempt_ids)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def read_stats(prefix: Path) -> tuple[list[dict], list[dict]]:
    with open(f"{prefix}_stats.csv") as handle:
        stats = list(csv.DictReader(handle))
    with open(f"{prefix}_failures.csv") as handle:
        failures = list(csv.DictReader(handle))
    return stats, failures


def write_report(text: str) -> None:
    REPORT.parent.mkdir(exist_ok=True)
    current = REPORT.read_text() if REPORT.exists() else "# Performance\n"
    if HEADING in current:
        before, rest = current.split(HEADING, 1)
        after = rest[rest.find("\n## ") :] if "\n## " in rest else ""
        current = before.rstrip() + "\n\n" + text.rstrip() + "\n" + after
    else:
        current = current.rstrip() + "\n\n" + text.rstrip() + "\n"
    REPORT.write_text(current)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ctps-loadtest-"))
    work.chmod(0o755)  # noqa: S103 - the postgres user must reach work/pg; nothing secret here
    gunicorn = None
    try:
        with Postgres(work) as pg, Redis(work) as redis:
            port = free_port()
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "ctps.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATABASE_URL": pg.url,
                "REDIS_URL": redis.url,
                "ALLOWED_HOSTS": "127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
                "WAGTAILADMIN_BASE_URL": f"https://127.0.0.1:{port}",
                "EMAIL_HOST": "127.0.0.1",  # nothing listens: e-mail tasks fail, pages do not
                "DEFAULT_FROM_EMAIL": "loadtest@ctps.example",
                "STATIC_ROOT": str(work / "static"),
                "MEDIA_ROOT": str(work / "media"),
                "LOG_LEVEL": "WARNING",
                "LOADTEST_SEED": str(work / "seed.json"),
                "LOADTEST_SUBMITTED": str(work / "submitted.json"),
            }
            python = str(VENV / "python")
            run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env)
            run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env)
            synthetic = has_synthetic(env)
            if synthetic:
                env["LOADTEST_SYNTHETIC"] = "10"
            run([python, "loadtest/seed.py", env["LOADTEST_SEED"]], cwd=ROOT, env=env)
            gunicorn = subprocess.Popen(
                [str(VENV / "gunicorn"), "ctps.wsgi", "--workers", "4", "--bind",
                 f"127.0.0.1:{port}", "--log-level", "warning"],
                cwd=ROOT, env=env,
            )  # fmt: skip
            wait_for(port)
            started = time.monotonic()
            locust = subprocess.run(
                [str(VENV / "locust"), "-f", "loadtest/locustfile.py", "--headless",
                 "-u", "60", "-r", "5", "-t", args.duration, "--host",
                 f"http://127.0.0.1:{port}", "--csv", str(work / "stats"), "--only-summary"],
                cwd=ROOT, env=env, check=False,
            )  # fmt: skip
            elapsed = time.monotonic() - started
            stats, failures = read_stats(work / "stats")
            submitted = json.loads(Path(env["LOADTEST_SUBMITTED"]).read_text())
            writes = count_writes(env, submitted)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    total = next(row for row in stats if row["Name"] == "Aggregated")
    server_errors = sum(
        int(row["Occurrences"]) for row in failures if re.search(r"\b5\d\d\b", row["Error"])
    )
    failed = int(total["Failure Count"])
    lost = writes["missing"]
    ok = failed == 0 and server_errors == 0 and not lost and locust.returncode in (0, 1)
    lines = [
        HEADING,
        "",
        f"`make loadtest`, {datetime.date.today():%d %B %Y}: gunicorn with 4 workers and "
        "production settings on 127.0.0.1, a throwaway PostgreSQL 15 cluster and Redis "
        "(the workers' shared cache), "
        + (
            "`generate_synthetic --scale 10`"
            if synthetic
            else "the demo data (`load_demo`; `generate_synthetic` was not on main yet)"
        )
        + f" plus 50 enrolled trainee accounts. Locust ran {args.duration} ({elapsed:.0f} s "
        "with a 12 s ramp-up) with 50 trainees (pre-test, every lesson, post-test, then "
        "My learning and lessons), 6 staff (people, attendance, workshop, enrolment "
        "listings, course reports) and 4 managers (admin dashboard, then the five indicator "
        "dashboards), all on the same 2-core machine as the server and PostgreSQL: the "
        "latencies below are those of a saturated machine (throughput-bound), not of a "
        "production server.",
        "",
        "| Request | Count | Failures | Median ms | p95 ms | p99 ms | Requests/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in stats:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
        )
    lines += [
        "",
        f"Quiz submissions accepted by the server: {len(submitted)}; missing from the database "
        f"afterwards: {len(lost)} (submitted or closed attempts of the load accounts in the "
        f"database: {writes['attempts_in_db']}; lesson completions: {writes['lessons_in_db']}). "
        f"Server errors (5xx): {server_errors}. Failed requests: {failed}. "
        f"Result: **{'pass' if ok else 'FAIL'}**.",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_report:
        write_report(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
