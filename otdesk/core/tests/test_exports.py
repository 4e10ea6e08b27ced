"""CSV and XLSX exports: text that a spreadsheet would read as a formula stays text."""

import csv
import datetime as dt
import io

import openpyxl

from otdesk.core.exports import Sheet, csv_bytes, safe_cell, xlsx_bytes

DANGEROUS = ['=HYPERLINK("x")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR", "\x00nul"]


def test_safe_cell_prefixes_every_formula_start_and_leaves_the_rest():
    assert [safe_cell(v) for v in DANGEROUS] == ["'" + v for v in DANGEROUS]
    assert safe_cell("Ana Díaz") == "Ana Díaz"
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
    assert safe_cell(dt.date(2026, 12, 3)) == dt.date(2026, 12, 3)
    assert safe_cell(None) is None


def test_csv_reads_back_with_formulas_escaped():
    sheet = Sheet("Minutes", ["student", "minutes"], [[v, 30] for v in DANGEROUS])
    raw = csv_bytes(sheet).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline="")))
    assert rows[0] == ["student", "minutes"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in DANGEROUS]
    assert [r[1] for r in rows[1:]] == ["30"] * len(DANGEROUS)


def test_xlsx_reads_back_with_formulas_escaped_and_numbers_as_numbers():
    sheet = Sheet("Minutes", ["student", "minutes", "date"])
    sheet.rows = [[v, 30, dt.date(2026, 12, 3)] for v in DANGEROUS]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([sheet])))
    ws = book["Minutes"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("student", "minutes", "date")
    # XLSX stores a CR and a NUL as the escapes _x000D_ and _x0000_; openpyxl reads them so.
    names = [row[0] for row in values[1:]]
    assert names[:5] == ["'" + v for v in DANGEROUS[:5]]
    assert names[5:] == ["'_x000D_CR", "'_x0000_nul"]
    assert all(row[1] == 30 for row in values[1:])
    assert values[1][2] == dt.datetime(2026, 12, 3)
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
