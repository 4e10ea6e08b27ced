"""Spreadsheet exports (CSV and XLSX) that a spreadsheet program cannot turn into formulas.

A cell that starts with =, +, -, @, a tab, a carriage return or NUL is read as a formula
(or can be) by Excel, LibreOffice and Google Sheets; such text gets a leading apostrophe,
which the programs show as plain text. Numbers stay numbers. Every export goes through
`safe_cell` (via `csv_response` / `xlsx_response`).
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | int | float | Decimal | dt.date | None


def file_stem(text: str) -> str:
    """ASCII letters, digits and dashes for a file name: "Ana Díaz" -> "Ana-Diaz"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "report"


def safe_cell(value: Cell) -> Cell:
    """The value as a spreadsheet must store it: text that could start a formula gets a
    leading apostrophe; numbers, dates and None pass through."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Sheet:
    """One table of an export: a name (the XLSX tab), its header and its rows."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]] = field(default_factory=list)


def write_csv(out: TextIO, sheet: Sheet) -> int:
    """Write the sheet to a text stream, row by row (a district's sessions need not fit in
    memory); the number of rows written."""
    # A byte-order mark so Excel reads the file as UTF-8 (names with accents).
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in sheet.header])
    count = 0
    for row in sheet.rows:
        writer.writerow(["" if c is None else safe_cell(c) for c in row])
        count += 1
    return count


def csv_bytes(sheet: Sheet) -> bytes:
    out = io.StringIO()
    write_csv(out, sheet)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    import xlsxwriter  # imported here: only exports need it

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:31])
        widths = [len(h) for h in sheet.header]
        for col, title in enumerate(sheet.header):
            ws.write_string(0, col, str(safe_cell(title)), bold)
        for r, row in enumerate(sheet.rows, start=1):
            for col, value in enumerate(row):
                value = safe_cell(value)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), day)
                elif isinstance(value, int | float | Decimal):
                    ws.write_number(r, col, float(value))
                else:
                    ws.write_string(r, col, value)
                if col < len(widths):
                    widths[col] = max(widths[col], min(len(str(value)), 60))
        for col, width in enumerate(widths):
            ws.set_column(col, col, width + 2)
        ws.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def csv_response(sheet: Sheet, filename: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
