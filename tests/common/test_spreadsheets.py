"""Formula-safe spreadsheets: text that looks like a formula stays text."""

import io

import tablib
from openpyxl import load_workbook

from ctps_common.spreadsheets import dataset_to_csv, dataset_to_xlsx, formula_safe


def test_formula_text_is_quoted_and_other_values_keep_their_type():
    assert formula_safe("=1+1") == "'=1+1"
    assert formula_safe("@SUM(A1)") == "'@SUM(A1)"
    assert formula_safe("Accra") == "Accra"
    assert formula_safe(-3) == -3


def test_xlsx_writes_formula_looking_text_as_text_and_csv_quotes_it():
    dataset = tablib.Dataset(['=HYPERLINK("x")', 4], headers=["name", "score"], title="T")
    sheet = load_workbook(io.BytesIO(dataset_to_xlsx(dataset)))["T"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("x")'
    assert sheet["B2"].value == 4
    assert dataset_to_csv(dataset).splitlines()[1] == '"\'=HYPERLINK(""x"")",4'
