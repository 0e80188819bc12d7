"""The register (`capability.register`) installed without the results app and without the
courses plugin still works: its whole test suite runs with those settings."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Register tests that need the courses plugin skip themselves when it is absent.
COURSES_ONLY = 3


def test_register_suite_passes_without_the_results_app_and_the_courses_plugin():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=ctps.settings.test_register_only",
            "tests/capability/register",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in summary and f"{COURSES_ONLY} skipped" in summary, summary
    assert "capability.results" not in result.stderr and "courses" not in result.stderr
