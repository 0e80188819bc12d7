"""A corpus of malformed and hostile spreadsheets for the import paths.

`python -m tests.security.malformed_sheets OUTDIR` writes every case to OUTDIR; tests call
`corpus()` directly. Each case is (file name, bytes, what is wrong with it). The headers are
those of the attendance template so that each file fails for its own reason only.
"""

import functools
import io
import random
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADERS = [
    "Given name",
    "Family name",
    "Sex",
    "Organisation",
    "Rank or role",
    "Email",
    "Phone",
    "Role",
    "Days attended",
    "Pre-test score",
    "Post-test score",
]
GOOD_ROW = [
    "Ama",
    "Owusu",
    "F",
    "Ghana Police Service",
    "Inspector",
    "ama.owusu@example.org",
    "+233201234567",
    "participant",
    3,
    45,
    80,
]


def workbook_bytes(rows, *, title="Attendance", build=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if build:
        build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_entry(xlsx: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    entries = {item.filename: source.read(item.filename) for item in source.infolist()}
    entries[name] = content
    return zip_bytes(entries)


def encrypted(xlsx: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = OOXMLFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    plain.encrypt("secret-password", out)
    return out.getvalue()


def zip_bomb(valid: bytes) -> bytes:
    """A well-formed xlsx whose sheet inflates to about 300 MB of whitespace.

    Written in chunks so the 300 MB never sit in memory here either.
    """
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    source = zipfile.ZipFile(io.BytesIO(valid))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item.filename, source.read(item.filename))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def many_rows(valid: bytes, count: int) -> bytes:
    """A sheet of `count` data rows written as raw XML (openpyxl would take a minute)."""

    def cell(value):
        if isinstance(value, int):
            return f'<c t="n"><v>{value}</v></c>'
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    def row(values):  # cell and row references are optional in SpreadsheetML
        return "<row>" + "".join(cell(value) for value in values) + "</row>"

    body = row(HEADERS) + row(GOOD_ROW) * count
    xml = (
        '<?xml version="1.0"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    return replace_entry(valid, "xl/worksheets/sheet1.xml", xml.encode())


def billion_laughs(valid: bytes) -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return replace_entry(valid, "xl/worksheets/sheet1.xml", xml.encode())


def corpus() -> list[tuple[str, bytes, str]]:
    """Every case as (file name, bytes, what is wrong with it)."""
    return [(name, build(), description) for name, build, description in cases()]


@functools.cache
def case(name: str) -> bytes:
    """The bytes of one case, built once per process."""
    return next(build() for found, build, _description in cases() if found == name)


def cases() -> list[tuple[str, object, str]]:
    """Every case as (file name, function building its bytes, what is wrong with it)."""
    rng = random.Random(2026)
    valid = workbook_bytes([HEADERS, GOOD_ROW])
    row = list(GOOD_ROW)
    noise = bytes(rng.getrandbits(8) for _ in range(4096))

    def with_cell(index, value):
        def build():
            changed = list(row)
            changed[index] = value
            return workbook_bytes([HEADERS, changed])

        return build

    def merged_header(workbook):
        workbook.active.merge_cells("A1:C1")

    def merged_rows(workbook):
        workbook.active.merge_cells("D2:D3")

    def hidden_first_sheet(workbook):
        workbook.active.sheet_state = "hidden"
        other = workbook.create_sheet("Notes")
        other.append(["nothing here"])

    def data_on_second_sheet(workbook):
        sheet = workbook.create_sheet("Data")
        sheet.append(HEADERS)
        sheet.append(GOOD_ROW)

    cases = [
        ("empty.xlsx", b"", "an empty file"),
        ("text.xlsx", b"This is not a spreadsheet at all.\n", "plain text renamed .xlsx"),
        ("csv.xlsx", ",".join(HEADERS).encode() + b"\nAma,Owusu,F\n", "CSV renamed .xlsx"),
        ("image.xlsx", b"\x89PNG\r\n\x1a\n" + noise[:512], "a PNG image renamed .xlsx"),
        (
            "document.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
            "a PDF renamed .xlsx",
        ),
        ("random.xlsx", noise, "random bytes"),
        ("truncated.xlsx", valid[: len(valid) // 2], "a valid workbook cut in half"),
        ("empty-zip.xlsx", lambda: zip_bytes({}), "an empty zip archive"),
        (
            "foreign-zip.xlsx",
            lambda: zip_bytes({"readme.txt": b"hello", "data/a.bin": b"\0" * 10}),
            "a zip that is not a workbook",
        ),
        (
            "legacy.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024,
            "an old binary .xls (OLE) renamed .xlsx",
        ),
        ("encrypted.xlsx", lambda: encrypted(valid), "a password-protected workbook"),
        ("zip-bomb.xlsx", lambda: zip_bomb(valid), "a sheet that inflates to 300 MB"),
        ("billion-laughs.xlsx", lambda: billion_laughs(valid), "XML entity expansion in the sheet"),
        ("headers-only.xlsx", lambda: workbook_bytes([HEADERS]), "headers and no rows"),
        ("blank.xlsx", lambda: workbook_bytes([]), "a workbook with an empty sheet"),
        (
            "wrong-columns.xlsx",
            lambda: workbook_bytes([["Product", "Price", "Qty"], ["Tea", 2, 3]]),
            "columns of another sheet entirely",
        ),
        (
            "missing-column.xlsx",
            lambda: workbook_bytes([HEADERS[1:], GOOD_ROW[1:]]),
            "the given-name column is missing",
        ),
        (
            "duplicate-headers.xlsx",
            lambda: workbook_bytes([[*HEADERS, "Email"], [*GOOD_ROW, "x@y.org"]]),
            "two Email columns",
        ),
        (
            "merged-header.xlsx",
            lambda: workbook_bytes([HEADERS, GOOD_ROW], build=merged_header),
            "merged cells across the header",
        ),
        (
            "merged-rows.xlsx",
            lambda: workbook_bytes([HEADERS, GOOD_ROW, GOOD_ROW], build=merged_rows),
            "merged cells across data rows",
        ),
        ("formula-score.xlsx", with_cell(9, "=40+5"), "a formula in a score cell"),
        (
            "hyperlink-injection.xlsx",
            with_cell(0, '=HYPERLINK("http://evil.example","Ama")'),
            "formula injection in a name",
        ),
        ("plus-injection.xlsx", with_cell(1, "+cmd|' /C calc'!A0"), "DDE-style injection"),
        ("at-injection.xlsx", with_cell(3, "@SUM(1+1)*cmd|' /C calc'!A0"), "@ injection"),
        ("text-score.xlsx", with_cell(9, "eighty"), "text where a score belongs"),
        ("negative-score.xlsx", with_cell(10, -20), "a negative score"),
        ("score-over-100.xlsx", with_cell(10, 180), "a score above 100 %"),
        ("bad-sex.xlsx", with_cell(2, "Q"), "an unknown sex code"),
        ("bad-role.xlsx", with_cell(7, "spectator"), "an unknown attendance role"),
        ("bad-email.xlsx", with_cell(5, "not-an-email"), "a malformed email"),
        ("fractional-days.xlsx", with_cell(8, 2.5e9), "an absurd number of days"),
        ("huge-cell.xlsx", with_cell(4, "x" * (1024 * 1024)), "a 1 MB cell"),
        ("control-chars.xlsx", with_cell(0, "Ama\u202e\u200b"), "bidi override and zero-width"),
        ("too-many-rows.xlsx", lambda: many_rows(valid, 100_001), "100,001 data rows"),
        (
            "hidden-sheet.xlsx",
            lambda: workbook_bytes([HEADERS, GOOD_ROW], build=hidden_first_sheet),
            "the data sheet is hidden",
        ),
        (
            "second-sheet.xlsx",
            lambda: workbook_bytes([], build=data_on_second_sheet),
            "the data is on the second sheet, the first is empty",
        ),
        (
            "wide.xlsx",
            lambda: workbook_bytes([HEADERS + [f"extra {i}" for i in range(16_000)], GOOD_ROW]),
            "16,000 extra columns",
        ),
    ]
    return [
        (name, content if callable(content) else (lambda content=content: content), description)
        for name, content, description in cases
    ]


def main(out_dir: str) -> None:
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    for name, content, description in corpus():
        (target / name).write_bytes(content)
        print(f"{name:<26} {len(content):>10} bytes  {description}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "malformed-sheets")
