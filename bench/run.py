"""Orchestrate the benchmark: one fresh database per scale, measured in a child process.

Usage: python bench/run.py [--scales 1 100] [--requests 30] [--reuse] [--deterministic-only]
Budgets are ratios against floors measured in the same run (see bench/README.md).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results.json"  # results-postgresql.json on PostgreSQL

BUDGETS = {
    "page_ratio": 1.3,  # course and lesson pages vs the bare page
    "page_queries": 12,
    "dashboard_ratio": 3.0,  # dashboards (cached and cold) vs their raw SQL floor...
    "dashboard_ratio_scale": 100,  # ...from this scale up
    "dashboard_queries": 20,
    "import_confirm_ratio": 1.5,  # confirm step vs raw openpyxl + bulk_create
    "import_total_ratio": 3.0,  # preview + confirm vs the same floor
    "lesson_raw_kb": 60,
    "lesson_gzip_kb": 20,
    # dashboards' cache while trainees take their lessons and a manager reads (bench/hitrate.py):
    # nothing a dashboard reads changes, so at least this share of the reads must hit
    "dashboard_hit_rate_lessons": 0.9,
}


def database_url_for(scale: int) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/ctps_bench_{scale}"))
    DATA.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA / f'scale{scale}.sqlite3'}"


def database_exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    import psycopg

    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        return False
    return True


def prepare(scale: int, env: dict) -> None:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        import psycopg

        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "ctps_bench_{scale}"')
            connection.execute(f'CREATE DATABASE "ctps_bench_{scale}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    synthetic = subprocess.run(
        [*manage, "help", "generate_synthetic"], env=env, capture_output=True
    )
    if synthetic.returncode == 0:
        subprocess.run([*manage, "generate_synthetic", "--scale", str(scale)], env=env, check=True)
    print(f"scale {scale}: database ready in {time.perf_counter() - started:.0f} s", flush=True)


def check_budgets(results: dict, *, timings: bool = True) -> list[str]:
    """Every budget missed; with timings=False only query counts and sizes (deterministic)."""
    failures = []
    by_scale = results["scales"]
    for scale, data in by_scale.items():
        for name, page in data["pages"].items():
            if page.get("budgeted"):
                if timings and page["ratio"] > BUDGETS["page_ratio"]:
                    failures.append(f"scale {scale} {name}: {page['ratio']:.2f}× the bare page")
                if page["queries"] > BUDGETS["page_queries"]:
                    failures.append(f"scale {scale} {name}: {page['queries']} queries")
        for name, dash in data.get("dashboards", {}).items():
            cold = name.endswith(" (cold)")
            # The time budget is stated at scale 100, where the data dominates; at scale 1 a
            # floor of a few milliseconds sits under the admin page's own fixed cost.
            enforced = timings and int(scale) >= BUDGETS["dashboard_ratio_scale"]
            if enforced and dash["ratio"] > BUDGETS["dashboard_ratio"]:
                failures.append(f"scale {scale} {name}: {dash['ratio']:.2f}× its SQL floor")
            # The query ceiling holds for the page users get (aggregates cached); the cold
            # variant's count is reported and must not grow with the data (below).
            if not cold and dash["queries"] > BUDGETS["dashboard_queries"]:
                failures.append(f"scale {scale} {name}: {dash['queries']} queries")
        imp = data.get("import")
        if imp and timings:
            if imp["confirm_ratio"] > BUDGETS["import_confirm_ratio"]:
                failures.append(f"scale {scale} import confirm: {imp['confirm_ratio']:.2f}×")
            if imp["total_ratio"] > BUDGETS["import_total_ratio"]:
                failures.append(f"scale {scale} import total: {imp['total_ratio']:.2f}×")
        hits = (data.get("dashboard_cache") or {}).get("lessons")
        if hits and hits["hit_rate"] < BUDGETS["dashboard_hit_rate_lessons"]:
            failures.append(
                f"scale {scale} dashboard cache hit rate while trainees take lessons: "
                f"{hits['hit_rate']:.0%}"
            )
        size = data.get("lesson_size")
        if size:
            if size["raw_kb"] > BUDGETS["lesson_raw_kb"]:
                failures.append(f"scale {scale} lesson page: {size['raw_kb']:.1f} KB raw")
            if size["gzip_kb"] > BUDGETS["lesson_gzip_kb"]:
                failures.append(f"scale {scale} lesson page: {size['gzip_kb']:.1f} KB gzipped")
    scales = list(by_scale)
    if len(scales) > 1:
        first, last = by_scale[scales[0]], by_scale[scales[-1]]
        for name, dash in last.get("dashboards", {}).items():
            other = first.get("dashboards", {}).get(name)
            if other and other["queries"] != dash["queries"]:
                failures.append(
                    f"{name}: {other['queries']} queries at scale {scales[0]}, "
                    f"{dash['queries']} at scale {scales[-1]}"
                )
    return failures


def print_table(results: dict) -> None:
    for scale, data in results["scales"].items():
        print(f"\n== scale {scale} ({results['database']})")
        print(f"{'page':<34}{'median ms':>10}{'queries':>9}{'ratio':>8}")
        for name, page in data["pages"].items():
            print(f"{name:<34}{page['median_ms']:>10.2f}{page['queries']:>9}{page['ratio']:>8.2f}")
        for name, dash in data.get("dashboards", {}).items():
            extra = ""
            if "aggregates_ratio" in dash:
                extra = (
                    f", aggregates {dash['aggregates_ms']:.2f} ms = "
                    f"{dash['aggregates_ratio']:.2f}× the floor"
                )
            print(
                f"{name:<34}{dash['median_ms']:>10.2f}{dash['queries']:>9}{dash['ratio']:>8.2f}"
                f"  (SQL floor {dash['floor_ms']:.2f} ms{extra})"
            )
        if data.get("import"):
            imp = data["import"]
            print(
                f"import 10k rows: preview {imp['preview_s']:.2f} s, confirm {imp['confirm_s']:.2f}"
                f" s, floor {imp['floor_s']:.2f} s → confirm {imp['confirm_ratio']:.2f}×, "
                f"total {imp['total_ratio']:.2f}×"
            )
        if data.get("lesson_size"):
            size = data["lesson_size"]
            print(f"lesson page transfer: {size['raw_kb']:.1f} KB raw, {size['gzip_kb']:.1f} KB gz")
        for title, package in (data.get("offline_packages") or {}).items():
            size = f"{package['bytes'] / 1024:,.0f} KB, {package['urls']} URLs"
            print(f"offline package {title}: {size}")
        hits = data.get("dashboard_cache")
        if hits:
            print(
                f"dashboard cache ({hits['trainees']} trainees, the manager reading the five "
                f"dashboards every {hits['read_every']} trainee requests):"
            )
            for mix in ("lessons", "courses"):
                mixed = hits[mix]
                print(
                    f"  {mix:<8} {mixed['trainee_requests']:>4} trainee requests, "
                    f"{mixed['dashboard_reads']:>4} reads: hit rate {mixed['hit_rate']:.0%} "
                    f"(exact: {mixed.get('exact_hit_rate', mixed['hit_rate']):.0%}; every "
                    f"write in the apps dropping every dashboard, as before: "
                    f"{mixed['old_rule_hit_rate']:.0%}); computed {mixed['computed']}, "
                    f"figures changed {mixed.get('changed')}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", type=int, default=[1, 100])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases a previous run built (migrate only: no demo, no new data)",
    )
    parser.add_argument(
        "--deterministic-only",
        action="store_true",
        help="enforce only query counts and sizes (CI: timing ratios are too noisy there)",
    )
    args = parser.parse_args()
    results = {"database": "", "scales": {}, "budgets": BUDGETS}
    for scale in args.scales:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for(scale),
            "DJANGO_SETTINGS_MODULE": "ctps.settings.bench",
        }
        if args.reuse and database_exists(env["DATABASE_URL"]):
            manage = [sys.executable, str(ROOT / "manage.py")]  # code may have moved on
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        else:
            prepare(scale, env)
        kind = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        out = DATA / f"measure-{kind}-{scale}.json"  # runs on both databases may overlap
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "measure.py"),
                "--scale",
                str(scale),
                "--requests",
                str(args.requests),
                "--output",
                str(out),
                *(["--skip-import"] if args.deterministic_only else []),
            ],
            env=env,
            check=True,
        )
        measured = json.loads(out.read_text())
        results["database"] = measured.pop("database")
        results["scales"][str(scale)] = measured
    failures = check_budgets(results, timings=not args.deterministic_only)
    results["failures"] = failures
    path = RESULTS
    if results["database"] == "postgresql":
        path = RESULTS.with_name("results-postgresql.json")
    path.write_text(json.dumps(results, indent=2))
    print_table(results)
    if failures:
        print("\nBUDGET FAILURES:\n  " + "\n  ".join(failures))
        return 1
    print(f"\nAll budgets met. Results in {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
