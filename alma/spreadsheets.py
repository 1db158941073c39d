"""Every CSV and XLSX export writes its cells through here (OWASP "CSV injection").

Spreadsheets read a text cell that starts with = + - @, a tab or a carriage
return as a formula: a display name ``=HYPERLINK(…)`` would become a live link
in a teacher's class report. In CSV such a cell is prefixed with an apostrophe,
so it is shown as the text it is; in XLSX every text cell is written as a string
(never a formula) and flagged with Excel's quote prefix, so editing it later
keeps it text. Numbers are left alone, also when written as text: -3 and
"-3" stay a number.
"""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def safe_cell(value):
    """The value as a spreadsheet will show it, never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


class SafeCSVWriter:
    """``csv.writer`` whose rows go through ``safe_cell``."""

    def __init__(self, stream, **options):
        self.writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self.writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def xlsx_bytes(rows, sheet_title: str) -> bytes:
    """A one-sheet workbook of ``rows``, text cells as strings with the quote prefix."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
                cell.quotePrefix = safe_cell(value) is not value
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
