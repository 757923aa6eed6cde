"""Task sheets: a plan's items as the table a CPPCC office tracks (序号, 类别, 议题, 牵头委室 …), and
the writers for .csv (UTF-8 with BOM, so Excel shows the Chinese), .xlsx and .sqlite."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .models import Plan, SourceRef

COLUMNS = ["序号", "类别", "议题", "牵头委室", "牵头领导", "协商部门/配合单位", "时间", "来源"]
# A batch table adds which document each row comes from.
BATCH_COLUMNS = ["文件", "文档标题", "年度", "地区", *COLUMNS]
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


def write_table(path: Path, header: list[str], rows: list[list[str]], fmt: str | None = None) -> None:
    """Write a table to `path` as `fmt` (csv, xlsx or sqlite), by default the one its suffix names."""
    fmt = fmt or path.suffix.lower().lstrip(".")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        path.write_text(csv_text(header, rows), encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(path, header, rows)
    elif fmt == "sqlite":
        _write_sqlite(path, header, rows)
    else:
        raise ValueError(f"no table format '{fmt}' (use {', '.join(TABLE_SUFFIXES)})")


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "任务清单"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    book.save(path)


def _write_sqlite(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """One table `items`, columns named as the sheet's headers (quote them in SQL: "牵头委室")."""
    import sqlite3

    path.unlink(missing_ok=True)
    columns = ", ".join(f'"{name}" TEXT' for name in header)
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE items ({columns})")
        db.executemany(f"INSERT INTO items VALUES ({', '.join('?' * len(header))})", rows)
    db.close()
