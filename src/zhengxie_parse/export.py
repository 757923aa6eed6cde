"""Tables as files: the writers of any table (the task sheet of tasks.py, the research tables of
research.py) — CSV (UTF-8 with a BOM, so Excel shows the Chinese; no cell opens like a formula) and
xlsx (Chinese headers, a filter row, text never a formula) — and what both take from a plan: where a
value was read, how many warnings it has."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from .models import Plan, SourceRef
from .safe_text import SheetCells, csv_cell


@dataclass(frozen=True)
class Column:
    name: str  # as in SQLite and CSV
    zh: str  # the xlsx header
    sql: str = "TEXT"  # type and key in SQLite


@dataclass
class Table:
    name: str  # SQLite table, xlsx sheet, the suffix of a CSV file beside the first
    columns: list[Column]
    rows: list[list]  # values in column order: str, int or None
    keys: str = ""  # table constraints in SQLite (a composite primary key)
    title: str = ""  # printed above the table (the task sheet's)


def columns(spec: str) -> list[Column]:
    """Columns from lines 'name 中文 [SQL…]'."""
    out = []
    for line in spec.strip().splitlines():
        name, zh, *sql = line.split()
        out.append(Column(name, zh, " ".join(sql) or "TEXT"))
    return out


def where(ref: SourceRef) -> str:
    """A source reference as an office worker would look it up: '第2页第5行', '表1第3行', '第12段'."""
    if ref.table is not None:
        return f"表{ref.table}第{ref.row}行"
    if ref.page is not None:
        return f"第{ref.page}页第{ref.line}行" if ref.line is not None else f"第{ref.page}页"
    if ref.paragraph is not None:
        return f"第{ref.paragraph}段"
    return f"第{ref.line}行" if ref.line is not None else f"第{ref.block + 1}块"


def warnings_in(plan: Plan) -> int:
    """Diagnostics worth a look: warnings and errors, not the info notes on what was cleaned."""
    return sum(d.severity != "info" for d in plan.diagnostics)


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read it as UTF-8 (a mojibake sheet otherwise); no cell
    opens like a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows([["" if v is None else csv_cell(v) for v in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8-sig")


COLUMN_WIDTH = (6, 60)  # xlsx column widths, in characters: at least, at most
WRAPPED = {"议题"}  # long text (the items table's titles): wrapped in its column, so a printed sheet shows it whole


def text_width(value) -> int:
    """A cell's text in widths of a Latin character, as a spreadsheet sizes columns: a Han character
    is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def xlsx_bytes(tables: list[Table], layout: Callable | None = None) -> bytes:
    """A sheet per table, readable as opened: bold frozen header in Chinese, a filter on every
    column, numbers as numbers, text never a formula (nor a character a workbook cannot hold),
    columns as wide as their text (a title wrapped at the widest). Printed, a sheet is landscape,
    one page wide, its header row repeated on every page. `layout(sheet, table)` finishes each sheet
    for paper its own way (the task sheet's `print_layout`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    cells = SheetCells("a workbook")
    for table in tables:
        table = replace(table, rows=[[cells(v) for v in row] for row in table.rows], title=cells(table.title))
        sheet = book.create_sheet(table.name)
        header = [c.zh for c in table.columns]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        for column, name in enumerate(header, start=1):
            if name in WRAPPED:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, values in enumerate(zip(header, *table.rows, strict=False), start=1):
            width = max(text_width(v) for v in values)
            sheet.column_dimensions[get_column_letter(column)].width = min(
                max(width + 2, COLUMN_WIDTH[0]), COLUMN_WIDTH[1]
            )
        if layout is not None:
            layout(sheet, table)
        for row in sheet.iter_rows():  # after the layout: the title it writes above is text too
            for cell in row:
                if cell.data_type == "f":  # text from a document is never a live formula
                    cell.data_type = "s"
    cells.say()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
