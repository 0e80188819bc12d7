"""Tables of figures (the numbers behind a chart, the indicator table) and their xlsx workbook:
one sheet per table, formatted to paste into a report. Text that a spreadsheet would run as a
formula is written as plain text.

Below both `dashboards` and `indicators`: the dashboards show tables, the indicator export
writes them, and neither package imports the other for it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ctps_common.spreadsheets import formula_safe


@dataclass
class Table:
    """The numbers behind a chart, as shown to managers (data table view and xlsx sheet)."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    slug: str = ""


HEADER_FILL = PatternFill("solid", fgColor="1D3557")


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]\*\?/\\:]", " ", title)[:28].strip() or "Sheet"
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name[:25]} {number}", number + 1
    taken.add(candidate)
    return candidate


def tables_xlsx(tables: list[Table], *, caption: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(str(table.title), taken))
        sheet.append([formula_safe(str(table.title))])
        sheet["A1"].font = Font(bold=True, size=13)
        if caption:
            sheet.append([formula_safe(caption)])
        sheet.append([])
        sheet.append([formula_safe(str(header)) for header in table.headers])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([formula_safe(value) for value in row])
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
        for index, header in enumerate(table.headers, start=1):
            width = max([len(str(header))] + [len(str(row[index - 1])) for row in table.rows])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 48)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
