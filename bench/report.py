"""Print the results of the last runs as Markdown tables, for docs/PERFORMANCE.md.

Usage: python bench/report.py [bench/results.json bench/results-postgresql.json]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "bench" / "results.json", ROOT / "bench" / "results-postgresql.json"]


def table(results: dict) -> str:
    database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(results["database"], "?")
    scales = list(results["scales"])
    lines = [
        "| "
        + database
        + " | "
        + " | ".join(f"scale {s}: ms · queries · ratio" for s in scales)
        + " |",
        "|---" * (len(scales) + 1) + "|",
    ]
    names = list(results["scales"][scales[0]]["pages"])
    for name in names:
        cells = []
        for scale in scales:
            page = results["scales"][scale]["pages"].get(name)
            cells.append(
                f"{page['median_ms']:.1f} · {page['queries']} · {page['ratio']:.2f}×"
                if page
                else "—"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for name in results["scales"][scales[-1]].get("dashboards", {}):
        cells = []
        for scale in scales:
            dash = results["scales"][scale]["dashboards"].get(name)
            cell = "—"
            if dash:
                cell = f"{dash['median_ms']:.1f} · {dash['queries']} · {dash['ratio']:.2f}× SQL"
                if "aggregates_ratio" in dash:
                    cell += f" (aggregates {dash['aggregates_ratio']:.2f}×)"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for scale in scales:
        imp = results["scales"][scale].get("import")
        cells.append(
            f"preview {imp['preview_s']:.1f} s, confirm {imp['confirm_s']:.1f} s, floor "
            f"{imp['floor_s']:.1f} s: confirm {imp['confirm_ratio']:.2f}×, total "
            f"{imp['total_ratio']:.2f}×"
            if imp
            else "—"
        )
    lines.append("| import 10,000 rows | " + " | ".join(cells) + " |")
    cells = []
    for scale in scales:
        size = results["scales"][scale].get("lesson_size")
        cells.append(f"{size['raw_kb']:.1f} KB, {size['gzip_kb']:.1f} KB gzipped" if size else "—")
    lines.append("| lesson page transfer | " + " | ".join(cells) + " |")
    for title in results["scales"][scales[0]].get("offline_packages") or {}:
        cells = []
        for scale in scales:
            package = (results["scales"][scale].get("offline_packages") or {}).get(title)
            size = f"{package['bytes'] / 1024:,.0f} KB, {package['urls']} URLs" if package else "—"
            cells.append(size)
        lines.append(f"| offline package: {title} | " + " | ".join(cells) + " |")
    failures = results.get("failures") or ["none"]
    lines.append("")
    lines.append("Budget failures: " + "; ".join(failures) + ".")
    return "\n".join(lines)


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    for path in paths:
        if path.exists():
            print(table(json.loads(path.read_text())))
            print()


if __name__ == "__main__":
    main()
