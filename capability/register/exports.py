"""Spreadsheet exports that cannot run as formulas (CSV/formula injection, OWASP).

A text cell starting with = + - @ tab or carriage return is a formula to Excel and
LibreOffice. In CSV such text gets a leading single quote; in xlsx it is written as a text
cell (never a formula cell). Numbers, dates and booleans keep their type. `courses` has its
own copy of this module: plugins do not import each other.
"""

import csv
import io

from .spreadsheets import FORMULA_PREFIXES


def formula_safe(value):
    """`value`, with a single quote before text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For Wagtail index views with `list_export`: neutralises formulas in CSV exports.

    Wagtail already writes xlsx text cells as text (it retypes formula cells as strings).
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else value


def dataset_to_xlsx(dataset) -> bytes:
    """A tablib Dataset as xlsx where every text cell is text (tablib would write formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(dataset.title or "Sheet1")[:31])

    def cells(values):
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":
                cell.data_type = "s"
            yield cell

    if dataset.headers:
        sheet.append(list(cells(dataset.headers)))
    for row in dataset:
        sheet.append(list(cells(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dataset_to_csv(dataset) -> str:
    """A tablib Dataset as CSV text with formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if dataset.headers:
        writer.writerow([formula_safe(value) for value in dataset.headers])
    for row in dataset:
        writer.writerow(["" if value is None else formula_safe(value) for value in row])
    return buffer.getvalue()
