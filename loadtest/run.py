"""`make loadtest`: production's processes on one machine, then the same locust harness on
the bare Wagtail page and on the product's mix, in the same run.

- a throwaway PostgreSQL cluster, Redis (the cache the web workers share), gunicorn (4
  workers, production settings), the task worker (`manage.py tasks_worker`, which sends the
  xAPI statements) and a local strict LRS (tests/courses/lrs.py) it sends them to;
- the database seeded with the demo, `generate_synthetic --scale 10` and 50 load trainees
  enrolled in every course (loadtest/seed.py);
- three locust phases, each with the same number of users and no think time (every user
  sends its next request when the last one is answered, so throughput is the server's
  capacity): the bare page (half the phase duration), the mix (50 trainees taking whole
  courses, 6 staff opening listings, 4 managers reading the dashboards), the bare page again
  (the other half: a machine whose load drifts during the run weighs on both);
- locust on a core of its own, the server side (gunicorn, worker, PostgreSQL, Redis, LRS) on
  the others, where the machine has two or more (`os.sched_setaffinity`);
- then the writes accounted for: every quiz submission and lesson completion the server
  accepted is in the database, every xAPI statement those rows call for is recorded and was
  delivered by the worker to the LRS (loadtest/account.py).

Reports the mix's throughput as a ratio to the bare page's (goal >= 0.5), and fails on any
failed request, any 5xx, any lost write, any statement not delivered, or a ratio under the
goal. Writes the figures under "## Load test" in docs/PERFORMANCE.md.
"""

import argparse
import contextlib
import csv
import datetime
import importlib.util
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
MIX = ["Trainee", "Staff", "Manager"]  # locustfile classes: 50 + 6 + 4 users
FLOOR = ["BarePage"]
RATIO_GOAL = 0.5
SIGN_IN = {"login form", "login"}  # request names of the sign-in (locustfile)


def parse_seconds(text: str) -> int:
    """ "2m", "90s", "1h30m" or a number of seconds."""
    if text.isdigit():
        return int(text)
    parts = re.findall(r"(\d+)\s*([hms])", text)
    if not parts or "".join(n + u for n, u in parts) != text.replace(" ", ""):
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 2m, 90s)")
    return sum(int(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def split_cores(pin: bool) -> tuple[set[int], set[int]]:
    """(server cores, locust cores): locust gets one core of its own when there are two or
    more, the server side the rest; otherwise both share what there is."""
    cores = sorted(os.sched_getaffinity(0))
    if not pin or len(cores) < 2:
        return set(cores), set(cores)
    return set(cores[:-1]), {cores[-1]}


def strict_lrs():
    """The strict LRS double of the tests (standard library only), as a live HTTP server."""
    spec = importlib.util.spec_from_file_location("ctps_lrs", ROOT / "tests/courses/lrs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.StrictLrs(strict_profile=True)


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

    def postmaster(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])


def pin(pids: list[int], cores: set[int]) -> None:
    """These processes and their children (threads included) on `cores` only."""
    for pid in pids:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        for child in [pid, *map(int, children.read_text().split())]:
            with contextlib.suppress(ProcessLookupError, FileNotFoundError):  # gone meanwhile
                for thread in Path(f"/proc/{child}/task").iterdir():
                    os.sched_setaffinity(int(thread.name), cores)


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


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, path: str, requests: int = 16) -> None:
    """The bare page requested at once by as many clients as requests, until every one is
    answered: first requests (templates compiled, connections opened) stay out of phase one."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import Request, urlopen

    def fetch(_):
        request = Request(  # noqa: S310 - our own server on 127.0.0.1
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        with urlopen(request, timeout=300) as response:  # noqa: S310
            return response.status

    with ThreadPoolExecutor(requests) as pool:
        statuses = list(pool.map(fetch, range(requests)))
    if any(status != 200 for status in statuses):
        raise SystemExit(f"warm-up: the bare page answered {statuses}")


def pending_statements(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FROM courses_xapistatement WHERE status = 'pending'"
        ).fetchone()[0]


def drain(url: str, timeout: float) -> tuple[int, float]:
    """Wait for the worker to deliver every statement: (statements still pending, seconds)."""
    started = time.monotonic()
    while True:
        pending = pending_statements(url)
        waited = time.monotonic() - started
        if pending == 0 or waited > timeout:
            return pending, waited
        time.sleep(1)


def steady(prefix: Path) -> dict:
    """Requests and throughput once every user has signed in (the sign-in requests stop
    growing), from locust's per-second history; sign-ins are left out of the counts."""
    with open(f"{prefix}_stats_history.csv") as handle:
        rows = list(csv.DictReader(handle))
    seconds_seen = sorted({int(row["Timestamp"]) for row in rows})
    total = dict.fromkeys(seconds_seen, 0)
    signing_in = dict.fromkeys(seconds_seen, 0)
    for row in rows:
        second, count = int(row["Timestamp"]), int(row["Total Request Count"])
        if row["Name"] == "Aggregated":
            total[second] = count
        elif row["Name"] in SIGN_IN:
            signing_in[second] += count
    signed_in = next(
        second for second in seconds_seen if signing_in[second] == signing_in[seconds_seen[-1]]
    )
    end = seconds_seen[-1]
    seconds = max(end - signed_in, 1)
    requests = total[end] - total[signed_in] - (signing_in[end] - signing_in[signed_in])
    return {"requests": requests, "seconds": seconds, "rps": requests / seconds}


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


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


class Phase:
    def __init__(self, name: str, classes: list[str], seconds: int):
        self.name, self.classes, self.seconds = name, classes, seconds

    def run(self, work: Path, env: dict, host: str, users: int, cores: set[int]) -> None:
        self.prefix = work / self.name.replace(" ", "-")
        self.writes = work / f"{self.name.replace(' ', '-')}-writes.json"
        self.load_before = load_average()
        self.process = subprocess.run(
            [str(VENV / "locust"), "-f", "loadtest/locustfile.py", "--headless",
             "-u", str(users), "-r", str(max(users // 3, 1)), "-t", f"{self.seconds}s",
             "--host", host, "--csv", str(self.prefix), "--csv-full-history",
             "--only-summary", *self.classes],
            cwd=ROOT, env={**env, "LOADTEST_WRITES": str(self.writes)}, check=False,
            preexec_fn=lambda: os.sched_setaffinity(0, cores),
        )  # fmt: skip
        self.load_after = load_average()
        self.stats, self.failures = read_stats(self.prefix)
        self.total = next(row for row in self.stats if row["Name"] == "Aggregated")
        self.steady = steady(self.prefix)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--duration", default="2m", type=parse_seconds,
        help="the mix phase (the bare page gets as long, in two halves); default 2m",
    )  # fmt: skip
    parser.add_argument("--users", type=int, default=60, help="locust users in every phase")
    parser.add_argument("--drain", type=int, default=300, help="seconds to wait for the worker")
    parser.add_argument("--no-pin", action="store_true", help="do not pin locust to a core")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    server_cores, locust_cores = split_cores(not args.no_pin)
    work = Path(tempfile.mkdtemp(prefix="ctps-loadtest-"))
    work.chmod(0o755)  # noqa: S103 - the postgres user must reach work/pg; nothing secret here
    servers: list[subprocess.Popen] = []
    lrs = strict_lrs()
    half = max(args.duration // 2, 1)
    phases = [
        Phase("bare page, before", FLOOR, half),
        Phase("mix", MIX, args.duration),
        Phase("bare page, after", FLOOR, args.duration - half),
    ]
    load_start = load_average()
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
                # IRIs of the statements: an address of the site's, not a local one
                "WAGTAILADMIN_BASE_URL": "https://learning.ctps.example",
                "XAPI_LRS_ENDPOINT": lrs.url,
                "EMAIL_HOST": "127.0.0.1",  # nothing listens: e-mail tasks fail, pages do not
                "DEFAULT_FROM_EMAIL": "loadtest@ctps.example",
                "STATIC_ROOT": str(work / "static"),
                "MEDIA_ROOT": str(work / "media"),
                "LOG_LEVEL": "WARNING",
                "LOADTEST_SEED": str(work / "seed.json"),
                "LOADTEST_SYNTHETIC": "10",
                "LOADTEST_THINK": "0",
            }
            python = str(VENV / "python")
            run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env)
            run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env)
            seeding = time.monotonic()
            run([python, "loadtest/seed.py", env["LOADTEST_SEED"]], cwd=ROOT, env=env)
            seeded = time.monotonic() - seeding
            # Seeded on every core; from now on the server side keeps off locust's core.
            # PostgreSQL's new backends inherit the postmaster's cores; gunicorn, the worker
            # and the LRS thread this process's.
            pin([pg.postmaster(), redis.process.pid, os.getpid()], server_cores)
            with open(work / "worker.log", "w") as log:
                servers.append(
                    subprocess.Popen(
                        [python, "manage.py", "tasks_worker"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )  # fmt: skip
                )
            servers.append(
                subprocess.Popen(
                    [
                        str(VENV / "gunicorn"),
                        "ctps.wsgi",
                        "--workers",
                        "4",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                        # the app imported once, before the workers fork: every worker is
                        # ready when the port answers (four imports at once on a busy core
                        # took half a minute, the first phase's)
                        "--preload",
                    ],
                    cwd=ROOT,
                    env=env,
                )  # fmt: skip
            )
            wait_for(port)
            warm_up(port, json.loads(Path(env["LOADTEST_SEED"]).read_text())["bare"])
            # The statements of the demo and the enrolments wait for the worker: out first.
            backlog, _ = drain(pg.url, args.drain)
            for phase in phases:
                phase.run(work, env, f"http://127.0.0.1:{port}", args.users, locust_cores)
            pending, drained = drain(pg.url, args.drain)
            for process in reversed(servers):
                process.terminate()
                process.wait(timeout=60)
            (work / "lrs.json").write_text(json.dumps(list(lrs.stored)))
            out = subprocess.run(
                [python, "loadtest/account.py", str(phases[1].writes), str(work / "lrs.json")],
                cwd=ROOT, env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            writes = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        for process in servers:
            if process.poll() is None:
                process.kill()
        lrs.close()
        if os.environ.get("LOADTEST_KEEP"):
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    load_end = load_average()

    server_errors = sum(
        int(row["Occurrences"])
        for phase in phases
        for row in phase.failures
        if re.search(r"\b5\d\d\b", row["Error"])
    )
    failed = sum(int(phase.total["Failure Count"]) for phase in phases)
    floor_requests = phases[0].steady["requests"] + phases[2].steady["requests"]
    floor_seconds = phases[0].steady["seconds"] + phases[2].steady["seconds"]
    floor_rps = floor_requests / floor_seconds
    ratio = phases[1].steady["rps"] / floor_rps if floor_rps else 0.0
    xapi = writes["xapi"]
    undelivered = xapi["recorded"] - xapi["by_status"].get("sent", 0) + xapi["sent_not_in_lrs"]
    lost = (
        len(writes["quiz"]["missing"])
        + len(writes["lessons"]["missing"])
        + max(xapi["expected_total"] - xapi["recorded"], 0)
    )
    ok = (
        failed == 0
        and server_errors == 0
        and lost == 0
        and undelivered == 0
        and ratio >= RATIO_GOAL
        and all(phase.process.returncode in (0, 1) for phase in phases)
    )
    report = render(
        args=args, phases=phases, writes=writes, ratio=ratio, floor_rps=floor_rps,
        server_cores=server_cores, locust_cores=locust_cores, seeded=seeded, backlog=backlog,
        pending=pending, drained=drained, failed=failed, server_errors=server_errors,
        lost=lost, undelivered=undelivered, ok=ok, loads=(load_start, load_end),
    )  # fmt: skip
    print(report)
    if not args.no_report:
        write_report(report)
    return 0 if ok else 1


def cores_text(cores: set[int]) -> str:
    return ", ".join(str(core) for core in sorted(cores))


def render(*, args, phases, writes, ratio, floor_rps, server_cores, locust_cores, seeded,
           backlog, pending, drained, failed, server_errors, lost, undelivered, ok,
           loads) -> str:  # fmt: skip
    mix = phases[1]
    pinned = (
        f"locust on core {cores_text(locust_cores)}, the server side on core "
        f"{cores_text(server_cores)}"
        if server_cores != locust_cores
        else "locust and the server sharing the machine's cores (not pinned)"
    )
    lines = [
        HEADING,
        "",
        f"`make loadtest`, {datetime.datetime.now(datetime.UTC):%d %B %Y %H:%M} UTC, "
        f"{os.cpu_count()} cores: gunicorn with 4 workers (production settings), the task "
        "worker (`manage.py tasks_worker`), a throwaway PostgreSQL cluster and Redis (the "
        "workers' shared cache), and a local strict LRS the worker sends xAPI statements to; "
        "`load_demo`, `generate_synthetic --scale 10` and 50 load trainees enrolled in every "
        f"course (seeded in {seeded:.0f} s); {pinned}. Every phase: {args.users} locust users "
        "without think time (throughput is the server's capacity). Load average (1, 5, 15 "
        f"min) at the start {loads[0]}, at the end {loads[1]}: the machine is shared, so "
        "read the ratio, not the absolute figures.",
        "",
        "| Phase | Users | Length | Requests | Requests/s | Failures | "
        "Median ms | p95 ms | Load average before → after |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for phase in phases:
        users = "50 trainees, 6 staff, 4 managers" if phase.classes == MIX else (
            f"{args.users} signed-in trainees"
        )  # fmt: skip
        lines.append(
            f"| {phase.name} | {users} | {phase.seconds} s ({phase.steady['seconds']} s "
            f"counted) | {phase.steady['requests']} | "
            f"{phase.steady['rps']:.1f} | {phase.total['Failure Count']} | "
            f"{phase.total['50%']} | {phase.total['95%']} | "
            f"{phase.load_before} → {phase.load_after} |"
        )
    lines += [
        "",
        f"**Mix throughput / bare-page throughput: {ratio:.2f}×** (goal ≥ {RATIO_GOAL}×; "
        f"bare page {floor_rps:.1f} requests/s over both of its phases, mix "
        f"{mix.steady['rps']:.1f}). Users start signed in (sessions made by the seed); "
        "requests are counted from the second the last sign-in, if any, was answered.",
        "",
        "The mix, by request:",
        "",
        "| Request | Count | Failures | Median ms | p95 ms | p99 ms | Requests/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in mix.stats:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
        )
    quiz, lessons, xapi = writes["quiz"], writes["lessons"], writes["xapi"]
    expected = ", ".join(f"{name} {count}" for name, count in xapi["expected"].items())
    statuses = ", ".join(f"{name} {count}" for name, count in sorted(xapi["by_status"].items()))
    everyone = ", ".join(
        f"{name} {count}" for name, count in sorted(xapi["all_accounts_by_status"].items())
    )
    lines += [
        "",
        "Writes accounted for (the load accounts' rows in the database after the run):",
        "",
        f"- quiz submissions the server accepted: {quiz['accepted']}; missing from the "
        f"database: {len(quiz['missing'])} (graded attempts of the load accounts: "
        f"{quiz['in_db']});",
        f"- lesson completions the server accepted: {lessons['accepted']}; missing: "
        f"{len(lessons['missing'])} (completions of the load accounts: {lessons['in_db']});",
        f"- xAPI statements those rows call for: {xapi['expected_total']} ({expected}); "
        f"recorded: {xapi['recorded']} ({statuses}); marked sent but not held by the LRS: "
        f"{xapi['sent_not_in_lrs']}. The worker delivered the backlog left by seeding "
        f"({backlog} still pending when the load began) and everything else "
        f"{drained:.0f} s after the last phase ({pending} still pending); every statement in "
        f"the database, demo included: {everyone}.",
        "",
        f"Failed requests: {failed}. Server errors (5xx): {server_errors}. Lost writes: {lost}. "
        f"Statements not delivered: {undelivered}. Result: **{'pass' if ok else 'FAIL'}**.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
