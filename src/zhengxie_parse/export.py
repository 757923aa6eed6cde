"""Plans as tables: the research tables of a corpus (plans, items, item_committees, item_months, with
keys), and the files of any table (the task sheet of tasks.py too) — CSV (UTF-8 with a BOM, so Excel
shows the Chinese), xlsx (Chinese headers, a filter row) and SQLite.
The README's "Research tables" lists their columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .html_page import committee_family, label
from .models import Plan, SourceRef
from .safe_text import csv_cell, sheet_text


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


def _columns(spec: str) -> list[Column]:
    """Columns from lines 'name 中文 [SQL…]'."""
    out = []
    for line in spec.strip().splitlines():
        name, zh, *sql = line.split()
        out.append(Column(name, zh, " ".join(sql) or "TEXT"))
    return out


# The research tables, items first (the first sheet opened, the CSV at the name given). An item's
# owners and months are child tables, so that "which committee leads most" and "what happens in
# June" are a GROUP BY and a WHERE, not string matching.
RESEARCH = {
    "items": _columns(
        """
        item_id 条目编号 INTEGER PRIMARY KEY
        plan_id 文档编号 INTEGER NOT NULL REFERENCES plans(plan_id)
        seq 序号 INTEGER NOT NULL
        item_key 条目标识
        node_id 节点
        label 编号
        title 议题
        topic_type 类别代码
        topic_type_zh 类别
        topic_source 类别依据代码
        topic_source_zh 类别依据
        committees 牵头委室
        leaders 牵头领导
        counterparts 协商部门/配合单位
        time_text 时间
        domains 领域代码
        domains_zh 领域
        source 来源
        """
    ),
    "plans": _columns(
        """
        plan_id 文档编号 INTEGER PRIMARY KEY
        file 文件 TEXT NOT NULL
        outcome 处理结果代码
        outcome_zh 处理结果
        error 失败原因
        title 文档标题
        doc_kind 文档类型代码
        doc_kind_zh 文档类型
        organization 机构
        level 层级代码
        level_zh 层级
        region 地区
        region_code 行政区划代码
        province 省
        city 市
        county 县区
        gazetteer_year 区划年份 INTEGER
        year 年度 INTEGER
        year_text 年度原文
        doc_status 状态
        issued_date 印发日期
        format 格式
        sha256 文件哈希
        fingerprint 文本指纹
        item_count 条目数 INTEGER
        warning_count 警告数 INTEGER
        """
    ),
    "item_committees": _columns(
        """
        item_id 条目编号 INTEGER NOT NULL REFERENCES items(item_id)
        position 顺序 INTEGER NOT NULL
        name 委室 TEXT NOT NULL
        canonical 委室类别代码
        canonical_zh 委室类别
        source 依据代码
        source_zh 依据
        """
    ),
    "item_months": _columns(
        """
        item_id 条目编号 INTEGER NOT NULL REFERENCES items(item_id)
        month 月份 INTEGER NOT NULL
        """
    ),
}
RESEARCH_KEYS = {"item_committees": "PRIMARY KEY (item_id, position)", "item_months": "PRIMARY KEY (item_id, month)"}

# the research tables' formats by file name; a SQLite database is as often named .db or .sqlite3
TABLE_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}
TABLE_SUFFIXES = tuple(TABLE_FORMATS)


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


Rows = dict[str, list[dict]]  # table name → rows as {column: value}


def plan_rows(plan: Plan | None, file: str, outcome: str = "ok", error: str | None = None) -> Rows:
    """One document's rows in the research tables, numbered as if it were the only one (plan_id 1,
    item_id = its place in the plan); `corpus_rows` numbers them across documents. A document that
    failed has its plans row, with the reason, and nothing else. An absent value is None, never ''
    (an empty xlsx cell reads back as NULL, so the formats would differ)."""
    record = {column.name: None for column in RESEARCH["plans"]}
    record.update(plan_id=1, file=file, outcome=outcome, outcome_zh=label("statuses", outcome), error=error)
    rows: Rows = {name: [] for name in RESEARCH}
    rows["plans"].append(record)
    if plan is None:
        return rows
    meta, source = plan.meta, plan.source
    record.update(
        title=meta.title,
        doc_kind=meta.doc_kind,
        doc_kind_zh=label("doc_kinds", meta.doc_kind),
        organization=meta.organization,
        level=meta.level,
        level_zh=label("levels", meta.level, None),
        region=meta.region,
        region_code=meta.region_code,
        province=meta.province,
        city=meta.city,
        county=meta.county,
        gazetteer_year=meta.gazetteer_year,
        year=meta.year,
        year_text=meta.year_text,
        doc_status=meta.status,
        issued_date=meta.issued_date,
        format=source.format,
        sha256=source.sha256,
        fingerprint=source.fingerprint,
        item_count=len(plan.items),
        warning_count=warnings_in(plan),
    )
    for item_id, item in enumerate(plan.items, start=1):
        rows["items"].append(
            {
                "item_id": item_id,
                "plan_id": 1,
                "seq": item_id,
                "item_key": item.id,
                "node_id": item.node_id,
                "label": item.label,
                "title": item.title,
                "topic_type": item.topic_type,
                "topic_type_zh": item.topic_type_zh,
                "topic_source": item.topic_source,
                "topic_source_zh": label("topic_sources", item.topic_source),
                "committees": "、".join(c.name for c in item.committees) or None,
                "leaders": "、".join(item.leaders) or None,
                "counterparts": "、".join(item.counterparts) or None,
                "time_text": item.time.text if item.time else None,
                "domains": ",".join(item.domains) or None,
                "domains_zh": "、".join(label("domains", d) for d in item.domains) or None,
                "source": where(item.source),
            }
        )
        rows["item_committees"] += [
            {
                "item_id": item_id,
                "position": n,
                "name": c.name,
                "canonical": c.canonical,
                "canonical_zh": committee_family(c.canonical),
                "source": c.source,
                "source_zh": label("committee_sources", c.source),
            }
            for n, c in enumerate(item.committees, start=1)
        ]
        months = sorted(set(item.time.months)) if item.time else []
        rows["item_months"] += [{"item_id": item_id, "month": month} for month in months]
    return rows


def corpus_rows(documents: Iterable[Rows]) -> Rows:
    """Documents' rows (from `plan_rows`) as one set of tables: plan_id counts documents, item_id
    items across them."""
    out: Rows = {name: [] for name in RESEARCH}
    for plan_id, rows in enumerate(documents, start=1):
        offset = len(out["items"])
        for name, records in rows.items():
            for record in records:
                record = dict(record)
                if "plan_id" in record:
                    record["plan_id"] = plan_id
                if "item_id" in record:
                    record["item_id"] += offset
                out[name].append(record)
    return out


def tables(plans: Iterable[Plan]) -> Rows:
    """The research tables of `plans`, each a list of rows ({column: value}), ready for
    `pandas.DataFrame(tables(plans)["items"])`; a plan's `file` is its source path."""
    return corpus_rows(plan_rows(plan, plan.source.path) for plan in plans)


def research_tables(rows: Rows) -> list[Table]:
    return [
        Table(name, columns, [[r[c.name] for c in columns] for r in rows[name]], RESEARCH_KEYS.get(name, ""))
        for name, columns in RESEARCH.items()
    ]


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read it as UTF-8 (a mojibake sheet otherwise); no cell
    opens like a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows([["" if v is None else csv_cell(v) for v in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8-sig")


def table_files(path: Path, tables: list[Table], fmt: str | None = None) -> dict[Path, bytes]:
    """The files that hold `tables` at `path` as `fmt` (csv, xlsx or sqlite; by default what the
    suffix says): one SQLite database, one workbook with a sheet per table, or for CSV the first table
    at `path` and each other beside it ('corpus.csv', 'corpus.plans.csv')."""
    fmt = fmt or TABLE_FORMATS.get(path.suffix.lower())
    if fmt == "csv":
        return {
            path if n == 0 else path.with_name(f"{path.stem}.{table.name}{path.suffix}"): csv_bytes(table)
            for n, table in enumerate(tables)
        }
    if fmt == "xlsx":
        return {path: xlsx_bytes(tables)}
    if fmt == "sqlite":
        return {path: sqlite_bytes(tables)}
    raise ValueError(f"no table format '{fmt}' (use {', '.join(TABLE_SUFFIXES)})")


COLUMN_WIDTH = (6, 60)  # xlsx column widths, in characters: at least, at most
WRAPPED = {"议题"}  # long text (the items table's titles): wrapped in its column, so a printed sheet shows it whole


def text_width(value) -> int:
    """A cell's text in widths of a Latin character, as a spreadsheet sizes columns: a Han character
    is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value if value is not None else ""))


def xlsx_bytes(tables: list[Table], layout: Callable | None = None) -> bytes:
    """A sheet per table, readable as opened: bold frozen header in Chinese, a filter on every
    column, numbers as numbers, text never a formula (nor a character a workbook cannot hold),
    columns as wide as their text (a title wrapped at the widest). Printed, a sheet is landscape, one page wide, its header row repeated on every page. `layout(sheet, table)`
    finishes each sheet for paper its own way (the task sheet's `print_layout`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        header = [c.zh for c in table.columns]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([sheet_text(v)[0] for v in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":  # text from a document is never a live formula
                    cell.data_type = "s"
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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sqlite_bytes(tables: list[Table]) -> bytes:
    """A SQLite database with a table per table, typed columns and keys, built in a temporary file."""
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zxparse-") as tmp:
        path = Path(tmp) / "tables.sqlite"
        db = sqlite3.connect(path)
        with db:
            for table in tables:
                columns = [f'"{c.name}" {c.sql}' for c in table.columns] + ([table.keys] if table.keys else [])
                db.execute(f'CREATE TABLE "{table.name}" ({", ".join(columns)})')
                marks = ", ".join("?" * len(table.columns))
                db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', table.rows)
        db.close()
        return path.read_bytes()
