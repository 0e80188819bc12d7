"""Reading uploaded spreadsheets safely: one container check and one table reader for every
import.

The reader only trusts what it checks: the size, that an xlsx is a real one (a zip, not an
encrypted OLE container or an old .xls), the uncompressed size (zip bombs), the number of
rows, the length of each cell, invisible control characters, and that no cell holds a
formula. Headers are recognised in English or French, accents and case ignored; columns it
does not know are ignored and listed, never a reason to refuse the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_RATIO = 20  # 5 MB of xlsx may unpack to 100 MB: real sheets stay far below
HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 200  # sign-in sheets have a few dozen; thousands is an attack or an accident
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


def limits() -> dict[str, int]:
    """The import limits (settings `CTPS_IMPORT_MAX_BYTES`, `_MAX_ROWS`, `_MAX_CELL_CHARS`;
    the register's older `CAPABILITY_IMPORT_*` names are still read)."""

    def setting(name: str, default: int) -> int:
        return int(
            getattr(settings, f"CTPS_IMPORT_{name}", None)
            or getattr(settings, f"CAPABILITY_IMPORT_{name}", None)
            or default
        )

    return {
        "bytes": setting("MAX_BYTES", 5 * 1_048_576),
        "rows": setting("MAX_ROWS", 20_000),
        "chars": setting("MAX_CELL_CHARS", 1_000),
    }


def plain_key(text) -> str:
    """Lower-case, accent-free, single-spaced: how names and headers are compared."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().replace("-", " ").replace("'", " ").split())


def header_key(text) -> str:
    """ "Score pré-test (%)" → "score pre test": how headers are compared."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain_key(text)).split())


@dataclass(frozen=True)
class Column:
    """A column an import understands: its key, its label (lazy) and other accepted headers."""

    key: str
    label: object
    aliases: tuple[str, ...] = ()
    required: bool = False
    percent: bool = False  # a percentage: bare fractions (0.7) are flagged, never guessed

    def headers(self) -> set[str]:
        from django.utils import translation

        names = {self.key.replace("_", " "), *self.aliases}
        for language in ("en", "fr"):
            with translation.override(language):
                names.add(str(self.label))
        return {header_key(name) for name in names} - {""}


@dataclass
class Row:
    """One data row: its number in the sheet, its values by column key, the keys of cells
    formatted as percentages in Excel (0.45 shown as 45 %)."""

    number: int
    values: dict
    percent_cells: frozenset = frozenset()


@dataclass
class Table:
    columns: list[str]  # the keys found, in sheet order
    rows: list[Row] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers not understood, as written
    preamble: list[list] = field(default_factory=list)  # rows above the header row


def check_container(content: bytes, filename: str = "") -> None:
    """Refuse what is not a plain, reasonably sized xlsx (or csv) before any parser sees it."""
    limit = limits()["bytes"]
    if len(content) > limit:
        raise SheetError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(content) / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )
    if filename.lower().endswith(".csv"):
        return
    if content.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d" in content:
            raise SheetError(
                _("The file is password-protected. Remove the password in Excel and upload again.")
            )
        raise SheetError(
            _("This is an old Excel (.xls) file. Save it as an Excel workbook (.xlsx) first.")
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SheetError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetError(_("The file is not an Excel workbook (.xlsx).")) from error
    if "xl/workbook.xml" not in names:
        raise SheetError(_("The file is not an Excel workbook (.xlsx)."))
    if unpacked > max(limit, 1_048_576) * MAX_UNCOMPRESSED_RATIO:
        raise SheetError(_("The file unpacks to an unreasonable size and was refused."))


def _cell_text(value, coordinate: str, max_chars: int):
    if not isinstance(value, str):
        return value
    if len(value) > max_chars:
        raise SheetError(
            _("Cell %(cell)s is longer than %(limit)s characters.")
            % {"cell": coordinate, "limit": max_chars}
        )
    stripped = value.strip()
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in stripped):
        raise SheetError(
            _("Cell %(cell)s holds invisible control characters; retype it.") % {"cell": coordinate}
        )
    if stripped.startswith("="):
        raise SheetError(
            _("Cell %(cell)s holds a formula. Paste values only and upload again.")
            % {"cell": coordinate}
        )
    return stripped


def _xlsx_lines(content: bytes, max_lines: int, max_chars: int):
    """(values, percent flags) per row of the first worksheet, checked cell by cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise SheetError(_("The workbook could not be read: it may be damaged.")) from error
    try:
        if not workbook.worksheets:
            raise SheetError(_("The workbook has no worksheet."))
        worksheet = workbook.worksheets[0]
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            raise SheetError(
                _("The first worksheet is hidden. Show it in Excel, or put the list first.")
            )
        for number, cells in enumerate(worksheet.iter_rows(), start=1):
            if number > max_lines:
                raise _too_many_rows()
            values, percent = [], []
            for index, cell in enumerate(cells, start=1):
                coordinate = getattr(cell, "coordinate", None) or f"{get_column_letter(index)}"
                if getattr(cell, "data_type", None) == "f":
                    raise SheetError(
                        _("Cell %(cell)s holds a formula. Paste values only and upload again.")
                        % {"cell": coordinate}
                    )
                value = _cell_text(cell.value, coordinate, max_chars)
                values.append(value)
                percent.append(
                    isinstance(value, int | float)
                    and "%" in (getattr(cell, "number_format", "") or "")
                )
            yield number, values, percent
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(_("The workbook could not be read: it may be damaged.")) from error
    finally:
        workbook.close()


def _csv_lines(content: bytes, max_lines: int, max_chars: int):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(_("The file is not a UTF-8 CSV file.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for number, line in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number > max_lines:
                raise _too_many_rows()
            values = [
                _cell_text(value, f"{index}:{number}", max_chars)
                for index, value in enumerate(line, start=1)
            ]
            yield number, values, [False] * len(values)
    except csv.Error as error:
        raise SheetError(_("The file is not a UTF-8 CSV file.")) from error


def _too_many_rows() -> SheetError:
    return SheetError(
        _("The sheet has over %(limit)s rows; split it into smaller files.")
        % {"limit": limits()["rows"]}
    )


def read_table(
    content: bytes, *, filename: str, columns: tuple[Column, ...] | list[Column]
) -> Table:
    """The rows of the first worksheet (or the CSV) under a header row found in the first
    ten rows, keyed by `columns`; refuses with a SheetError saying why, never half-reads."""
    check_container(content, filename)
    limit = limits()
    by_header: dict[str, str] = {}
    for column in columns:
        for header in column.headers():
            by_header.setdefault(header, column.key)
    required = {column.key for column in columns if column.required}
    reader = _csv_lines if filename.lower().endswith(".csv") else _xlsx_lines
    lines = reader(content, limit["rows"] + HEADER_SCAN_ROWS + 1, limit["chars"])
    table: Table | None = None
    preamble: list[list] = []
    best: list = []
    keys: list = []
    for number, values, percent in lines:
        if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            raise SheetError(
                _("Row %(row)s has over %(limit)s columns; keep only the list of people.")
                % {"row": number, "limit": MAX_COLUMNS}
            )
        if table is None:
            found = [
                by_header.get(header_key(value)) if value not in (None, "") else None
                for value in values
            ]
            if any(found) and required <= set(found):
                table, keys = _start(values, found, preamble, columns), found
            else:
                if sum(map(bool, found)) > sum(map(bool, best)):
                    best = found
                preamble.append(values)
                if number >= HEADER_SCAN_ROWS:
                    break
            continue
        if all(value in (None, "") for value in values):
            continue  # blank rows (Excel keeps many trailing ones) are ignored
        if len(table.rows) >= limit["rows"]:
            raise _too_many_rows()
        row_values, flagged = {}, []
        for index, key in enumerate(keys):
            if key and index < len(values) and values[index] not in (None, ""):
                row_values[key] = values[index]
                if percent[index]:
                    flagged.append(key)
        table.rows.append(Row(number, row_values, frozenset(flagged)))
    if table is None:
        labels = {column.key: str(column.label) for column in columns}
        missing = [labels[c.key] for c in columns if c.required and c.key not in best]
        if any(best):
            raise SheetError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        raise SheetError(
            _("No header row found. The sheet needs the columns: %(columns)s.")
            % {"columns": ", ".join(missing or labels.values())}
        )
    if not table.rows:
        raise SheetError(_("The sheet has no data rows under its headers."))
    return table


def _start(values: list, keys: list, preamble: list[list], columns) -> Table:
    labels = {column.key: str(column.label) for column in columns}
    duplicated = sorted({key for key in keys if key and keys.count(key) > 1})
    if duplicated:
        raise SheetError(
            _("These columns appear twice: %(columns)s.")
            % {"columns": ", ".join(labels[key] for key in duplicated)}
        )
    ignored = [
        str(value) for value, key in zip(values, keys, strict=False) if key is None and value
    ]
    return Table(columns=[key for key in keys if key], ignored=ignored, preamble=list(preamble))


def preamble_value(table: Table, labels: set[str]) -> str:
    """The cell right of a label above the headers ("Workshop code | gh-2025-03"), or ""."""
    wanted = {header_key(label) for label in labels}
    for row in table.preamble:
        cells = [value for value in row if value not in (None, "")]
        if len(cells) >= 2 and header_key(cells[0]) in wanted:
            return str(cells[1]).strip()
    return ""


def raw_rows(content: bytes, filename: str):
    """(row number, cell texts) of any upload, unchecked headers: for finding what an upload
    says about someone (GDPR export and erasure). Unreadable files yield nothing."""
    limit = limits()
    reader = _csv_lines if filename.lower().endswith(".csv") else _xlsx_lines
    try:
        check_container(content, filename)
        for number, values, _percent in reader(content, limit["rows"] * 2, limit["chars"]):
            yield number, [str(value) for value in values if value not in (None, "")]
    except SheetError:
        return
