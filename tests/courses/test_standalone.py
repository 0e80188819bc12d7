"""The courses plugin installed without the capability plugin still works end to end: its
whole test suite (built from factories, no demo of another plugin) runs with those settings."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_courses_suite_passes_without_the_capability_plugin():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=ctps.settings.test_courses_only",
            "tests/courses",
            f"--ignore={Path(__file__).relative_to(ROOT)}",  # not itself again
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "capability" not in result.stderr
