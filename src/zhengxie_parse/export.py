"""Task sheets: a plan's items as the table a CPPCC office tracks (序号, 类别, 议题, 牵头委室 …), and
the writers for .csv (UTF-8 with BOM, so Excel shows the Chinese), .xlsx and .sqlite."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .atomic import replacing, write_text
from .models import Plan, SourceRef

COLUMNS = ["序号", "类别", "议题", "牵头委室", "牵头领导", "协商部门/配合单位", "时间", "来源"]
# A batch table adds which document each row comes from.
BATCH_COLUMNS = ["文件", "文档标题", "年度", "地区", *COLUMNS]
PLAN_COLUMNS = [
    "文件",
    "处理结果",
    "文档标题",
    "文档类型",
    "机构",
    "层级",
    "地区",
    "年度",
    "条目数",
    "警告数",
    "失败原因",
]
TABLE_SUFFIXES = (".csv", ".xlsx", ".sqlite")


def where(ref: SourceRef) -> str:
    """A source reference as an office worker would look it up: '第2页第5行', '表1第3行', '第12段'."""
    if ref.table is not None:
        return f"表{ref.table}第{ref.row}行"
    if ref.page is not None:
        return f"第{ref.page}页第{ref.line}行" if ref.line is not None else f"第{ref.page}页"
    if ref.paragraph is not None:
        return f"第{ref.paragraph}段"
    return f"第{ref.line}行" if ref.line is not None else f"第{ref.block + 1}块"


def task_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for n, item in enumerate(plan.items, start=1):
        rows.append(
            [
                str(n),
                item.topic_type_zh,
                item.title,
                "、".join(c.name for c in item.committees),
                "、".join(item.leaders),
                "、".join(item.counterparts),
                item.time.text if item.time else "",
                where(item.source),
            ]
        )
    return rows


def warnings_in(plan: Plan) -> int:
    """Diagnostics worth a look: warnings and errors, not the info notes on what was cleaned."""
    return sum(d.severity != "info" for d in plan.diagnostics)


def plan_row(plan: Plan | None, name: str, status: str, error: str | None) -> list[str]:
    """One row of a batch's plans table; a failed document has its reason and no plan."""
    if plan is None:
        return [name, status, *[""] * (len(PLAN_COLUMNS) - 3), error or ""]
    meta = plan.meta
    facts = [meta.title, meta.doc_kind, meta.organization, meta.level, meta.region, meta.year_text]
    return [name, status, *[fact or "" for fact in facts], str(len(plan.items)), str(warnings_in(plan)), ""]


def batch_rows(plan: Plan, name: str) -> list[list[str]]:
    meta = plan.meta
    head = [name, meta.title or "", meta.year_text or "", meta.region or ""]
    return [head + row for row in task_rows(plan)]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


Table = tuple[list[str], list[list[str]]]  # header, rows
SHEET_NAMES = {"items": "任务清单", "plans": "文档"}
COLUMN_WIDTH = (6, 60)  # xlsx column widths, in characters: at least, at most


def write_table(path: Path, tables: dict[str, Table], fmt: str | None = None) -> None:
    """Write named tables ('items', and 'plans' for a batch) to `path` as `fmt` (csv, xlsx or sqlite,
    by default the one its suffix names): SQLite tables, xlsx sheets, or for CSV the first table in
    `path` and each other one beside it ('all-items.plans.csv'). Each file is written whole or not at all."""
    fmt = fmt or path.suffix.lower().lstrip(".")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        for n, (name, (header, rows)) in enumerate(tables.items()):
            target = path if n == 0 else path.with_name(f"{path.stem}.{name}{path.suffix}")
            write_text(target, csv_text(header, rows), encoding="utf-8-sig")
    elif fmt == "xlsx":
        with replacing(path) as temp:
            _write_xlsx(temp, tables)
    elif fmt == "sqlite":
        with replacing(path) as temp:
            _write_sqlite(temp, tables)
    else:
        raise ValueError(f"no table format '{fmt}' (use {', '.join(TABLE_SUFFIXES)})")


def _write_xlsx(path: Path, tables: dict[str, Table]) -> None:
    """A sheet per table, readable as opened: bold frozen header, columns as wide as their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in tables.items():
        sheet = book.create_sheet(SHEET_NAMES.get(name, name))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for column, values in enumerate(zip(header, *rows, strict=False), start=1):
            # a Han character is about two Latin widths
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v or "")) for v in values)
            sheet.column_dimensions[get_column_letter(column)].width = min(
                max(width + 2, COLUMN_WIDTH[0]), COLUMN_WIDTH[1]
            )
    book.save(path)


def _write_sqlite(path: Path, tables: dict[str, Table]) -> None:
    """One SQLite table per table, columns named as the sheet's headers (quote them: "牵头委室")."""
    import sqlite3

    with sqlite3.connect(path) as db:
        for name, (header, rows) in tables.items():
            db.execute(f"CREATE TABLE {name} ({', '.join(f'{chr(34)}{h}{chr(34)} TEXT' for h in header)})")
            db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(header))})", rows)
    db.close()
