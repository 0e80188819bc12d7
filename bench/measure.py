"""Measure one prepared database (run by bench/run.py with DATABASE_URL set)."""

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ helpers, not a package

import django  # noqa: E402

django.setup()

import hitrate  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from targets import COLD, Target, dashboard_targets, import_benchmark, page_targets  # noqa: E402

WARMUP = 5


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def measure_targets(targets: list[Target], requests: int) -> dict:
    """Interleave the targets request by request so machine noise hits them all alike."""
    clients = {}
    for target in targets:
        client = Client()
        if target.user:
            client.force_login(target.user)
        clients[target.name] = client
        for _ in range(WARMUP):
            response = target.request(client)
            if response.status_code != 200:
                raise SystemExit(f"{target.name}: HTTP {response.status_code} for {target.path}")
    samples = {target.name: [] for target in targets}
    for _ in range(requests):
        for target in targets:
            samples[target.name].append(timed(lambda t=target: t.request(clients[t.name])))
    results = {}
    for target in targets:
        target.request(clients[target.name])  # warm: caches may have expired during the loop
        with CaptureQueriesContext(connection) as queries:
            target.request(clients[target.name])
        results[target.name] = {
            "median_ms": statistics.median(samples[target.name]),
            "queries": len(queries),
            "budgeted": target.budgeted,
        }
        if target.floor_sql is not None:
            floor = [timed(target.floor_sql) for _ in range(WARMUP)]
            floor = [timed(target.floor_sql) for _ in range(requests)]
            results[target.name]["floor_ms"] = statistics.median(floor)
    return results


def transfer_size(target: Target) -> dict:
    client = Client()
    if target.user:
        client.force_login(target.user)
    html = target.request(client).content
    assets = []
    text = html.decode()
    for marker in ('<link rel="stylesheet" href="', '<script src="'):
        for chunk in text.split(marker)[1:]:
            url = chunk.split('"', 1)[0]
            path = finders.find(url.removeprefix("/static/"))
            if path:
                assets.append(Path(path).read_bytes())
    raw = len(html) + sum(len(a) for a in assets)
    zipped = len(gzip.compress(html)) + sum(len(gzip.compress(a)) for a in assets)
    return {"raw_kb": raw / 1024, "gzip_kb": zipped / 1024, "assets": len(assets)}


def offline_packages() -> dict:
    """Bytes a trainee downloads to keep each live demo course offline (issue 19): the same
    figure every run, computed from the stored pages and files (courses.selectors.offline)."""
    from django.utils import translation

    from courses.models import CoursePage
    from courses.selectors.offline import offline_package

    sizes = {}
    for course in CoursePage.objects.live().select_related("locale").order_by("path"):
        with translation.override(course.locale.language_code):
            package = offline_package(course=course)
        sizes[f"{course.title} ({course.locale.language_code})"] = {
            "bytes": package["bytes"],
            "urls": len(package["urls"]),
        }
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--skip-import", action="store_true", help="CI: no 10k-row import")
    args = parser.parse_args()

    pages = page_targets()
    measured = measure_targets(pages, args.requests)
    for target in pages:
        result = measured[target.name]
        result["floor"] = target.floor
        result["ratio"] = result["median_ms"] / measured[target.floor]["median_ms"]

    dashboards = measure_targets(dashboard_targets(), args.requests)
    for name, result in dashboards.items():
        result["ratio"] = result["median_ms"] / result["floor_ms"]
        cached = dashboards.get(name.removesuffix(COLD))
        if name.endswith(COLD) and cached:
            # what computing the aggregates adds to the page, held to the same floor
            result["aggregates_ms"] = result["median_ms"] - cached["median_ms"]
            result["aggregates_ratio"] = result["aggregates_ms"] / result["floor_ms"]

    output = {
        "database": connection.vendor,
        "pages": measured,
        "dashboards": dashboards,
        "import": None if args.skip_import else import_benchmark(),
        "lesson_size": next(
            (transfer_size(t) for t in pages if t.name.startswith("lesson page")), None
        ),
        "offline_packages": offline_packages(),
        "database_url_kind": os.environ.get("DATABASE_URL", "").split(":", 1)[0],
        # last: its trainees write (in a transaction rolled back at the end)
        "dashboard_cache": hitrate.run(),
    }
    args.output.write_text(json.dumps(output, indent=2))


if __name__ == "__main__":
    main()
