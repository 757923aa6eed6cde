"""The research tables of a corpus, made for analysis and for reruns: keys that survive them, run state
apart from the data, a flat items table for a pivot, child tables for lists, Chinese labels beside
codes. Written as CSV, xlsx (export.py's writers), Parquet (with pyarrow) or SQLite (through SQLite:
one transaction that replaces zxparse's own tables in the file and leaves the user's other tables).
The README's "Research tables" lists their columns.

Keys are made from what a row is, never from a counter: `plan_key` from the document's name and its
content hash, `item_key` from the plan key and the item's stable key (`Item.key`), so a file added to
the corpus or a rerun renumbers nothing and a person's annotations keep joining.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from .atomic import write_file
from .build import build
from .errors import OutputError
from .export import Column, Table, columns, csv_bytes, warnings_in, where, xlsx_bytes
from .formats import TABLES, for_suffix
from .html_page import family_name, label
from .i18n import _
from .lexicon import Lexicon
from .models import Item, Plan

# The tables, items first (the first sheet opened, the CSV at the name given). An item's owners,
# months, domains and forms are child tables, so that "which committee leads most" and "what
# happens in June" are a GROUP BY and a WHERE, not string matching.
RESEARCH = {
    "items": columns(
        """
        item_key 条目标识 TEXT PRIMARY KEY
        plan_key 文档标识 TEXT NOT NULL REFERENCES plans(plan_key)
        seq 序号 INTEGER NOT NULL
        node_id 节点
        label 编号
        title 议题
        topic_type 类别代码
        topic_type_zh 类别
        topic_source 类别依据
        topic_confidence 类别把握代码
        topic_confidence_zh 类别把握
        committees 牵头委室
        leaders 牵头领导
        counterparts 协商部门/配合单位
        time_text 时间
        source 来源
        """
    ),
    "plans": columns(
        """
        plan_key 文档标识 TEXT PRIMARY KEY
        file 文件 TEXT NOT NULL
        state 状态代码 TEXT NOT NULL
        state_zh 处理状态
        error 原因
        zxparse 解析程序
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
        duplicate_of 重复于 TEXT REFERENCES plans(plan_key)
        item_count 条目数 INTEGER
        warning_count 警告数 INTEGER
        """
    ),
    "item_committees": columns(
        """
        item_key 条目标识 TEXT NOT NULL REFERENCES items(item_key)
        position 顺序 INTEGER NOT NULL
        name 委室 TEXT NOT NULL
        canonical 委室类别代码
        canonical_zh 委室类别
        source 依据
        """
    ),
    "item_months": columns(
        """
        item_key 条目标识 TEXT NOT NULL REFERENCES items(item_key)
        month 月份 INTEGER NOT NULL
        """
    ),
    "item_domains": columns(
        """
        item_key 条目标识 TEXT NOT NULL REFERENCES items(item_key)
        position 顺序 INTEGER NOT NULL
        domain 领域代码 TEXT NOT NULL
        domain_zh 领域
        """
    ),
    "item_forms": columns(
        """
        item_key 条目标识 TEXT NOT NULL REFERENCES items(item_key)
        position 顺序 INTEGER NOT NULL
        form 形式代码 TEXT NOT NULL
        form_zh 形式
        terms 原文用词
        """
    ),
    "runs": columns(
        """
        run_id 运行编号 INTEGER PRIMARY KEY
        zxparse 解析程序 TEXT NOT NULL
        lexicon 词表指纹 TEXT NOT NULL
        finished 完成时间 TEXT NOT NULL
        files 文件数 INTEGER
        parsed 已解析 INTEGER
        skipped 未变跳过 INTEGER
        failed 失败 INTEGER
        left_out 未读取 INTEGER
        not_done 未处理 INTEGER
        """
    ),
}
# items_flat: each item with its plan's facts beside it, so that a pivot table needs no lookup
FLAT_FROM_PLAN = ("file", "year", "level", "level_zh", "region", "region_code", "province", "city", "county")
FLAT_FROM_PLAN += ("doc_kind", "doc_kind_zh", "organization")
FLAT_FROM_ITEM = ("seq", "title", "topic_type", "topic_type_zh", "topic_confidence", "committees", "time_text")


def _picked(table: str, names: tuple[str, ...]) -> list[Column]:
    by_name = {c.name: c for c in RESEARCH[table]}
    return [by_name[name] for name in names]


RESEARCH["items_flat"] = [
    Column("item_key", "条目标识", "TEXT PRIMARY KEY REFERENCES items(item_key)"),
    Column("plan_key", "文档标识", "TEXT NOT NULL REFERENCES plans(plan_key)"),
    *_picked("plans", FLAT_FROM_PLAN),
    *_picked("items", FLAT_FROM_ITEM),
]
KEYS = {
    "item_committees": "PRIMARY KEY (item_key, position)",
    "item_months": "PRIMARY KEY (item_key, month)",
    "item_domains": "PRIMARY KEY (item_key, position)",
    "item_forms": "PRIMARY KEY (item_key, position)",
}
STATES = ("parsed", "skipped", "failed", "left_out", "not_done")

Rows = dict[str, list[dict]]  # table name → rows as {column: value}


def plan_key(file: str, sha256: str | None) -> str:
    """A document's key: its name and content, so that neither a rerun nor a file added beside it
    moves it (and two copies of one document under two names are two rows, one a duplicate_of)."""
    return hashlib.sha256(f"{file}\0{sha256 or ''}".encode()).hexdigest()[:16]


def plan_rows(
    plan: Plan | None, file: str, state: str = "parsed", error: str | None = None, lex: Lexicon | None = None
) -> Rows:
    """One document's rows in the research tables (`lex` names committee families and forms; by
    default the shipped lexicon). A document with no plan (failed, left out, not reached) has its
    plans row, with the reason, and nothing else. An absent value is None, never ''
    (an empty xlsx cell reads back as NULL, so the formats would differ)."""
    key = plan_key(file, plan.source.sha256 if plan is not None else None)
    record = {column.name: None for column in RESEARCH["plans"]}
    record.update(plan_key=key, file=file, state=state, state_zh=label("statuses", state), error=error)
    rows: Rows = {name: [] for name in RESEARCH}
    rows["plans"].append(record)
    if plan is None:
        return rows
    if lex is None:
        from .lexicon import load_lexicon

        lex = load_lexicon()
    meta, source = plan.meta, plan.source
    record.update(
        zxparse=build(),
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
    for seq, item in enumerate(plan.items, start=1):
        _add_item(rows, item, seq, record, lex)
    return rows


def _add_item(rows: Rows, item: Item, seq: int, plan: dict, lex: Lexicon) -> None:
    """An item's rows: in items and items_flat (beside its plan's `plan` row), and its child tables."""
    key = plan["plan_key"]
    item_key = f"{key}:{item.key or item.id}"
    record_item = {
        "item_key": item_key,
        "plan_key": key,
        "seq": seq,
        "node_id": item.node_id,
        "label": item.label,
        "title": item.title,
        "topic_type": item.topic_type,
        "topic_type_zh": item.topic_type_zh,
        "topic_source": item.topic_source,
        "topic_confidence": item.topic_confidence,
        "topic_confidence_zh": label("confidence", item.topic_confidence, None),
        "committees": "、".join(c.name for c in item.committees) or None,
        "leaders": "、".join(item.leaders) or None,
        "counterparts": "、".join(item.counterparts) or None,
        "time_text": item.time.text if item.time else None,
        "source": where(item.source),
    }
    rows["items"].append(record_item)
    rows["items_flat"].append(
        {"item_key": item_key, "plan_key": key}
        | {name: plan[name] for name in FLAT_FROM_PLAN}
        | {name: record_item[name] for name in FLAT_FROM_ITEM}
    )
    rows["item_committees"] += [
        {
            "item_key": item_key,
            "position": n,
            "name": c.name,
            "canonical": c.canonical,
            "canonical_zh": _family_zh(c.canonical, lex),
            "source": c.source,
        }
        for n, c in enumerate(item.committees, start=1)
    ]
    months = sorted(set(item.time.months)) if item.time else []
    rows["item_months"] += [{"item_key": item_key, "month": month} for month in months]
    rows["item_domains"] += [
        {"item_key": item_key, "position": n, "domain": domain, "domain_zh": label("domains", domain)}
        for n, domain in enumerate(item.domains, start=1)
    ]
    rows["item_forms"] += [
        {
            "item_key": item_key,
            "position": n,
            "form": form.code,
            "form_zh": lex.topics[form.code].zh if form.code in lex.topics else form.code,
            "terms": "、".join(form.terms) or None,
        }
        for n, form in enumerate(item.forms, start=1)
    ]


def _family_zh(canonical: str | None, lex: Lexicon) -> str | None:
    """A committee family in Chinese; a merged one ('economy+population_resources_environment') names each."""
    if canonical is None:
        return None
    return "、".join(family_name(part, lex.committees.families) for part in canonical.split("+"))


def corpus_rows(documents: Iterable[Rows]) -> Rows:
    """Documents' rows (from `plan_rows`) as one set of tables; a plan whose text is the same as an
    earlier one's (by the source's `fingerprint` of its cleaned text) is marked `duplicate_of` it."""
    out: Rows = {name: [] for name in RESEARCH}
    first: dict[str, str] = {}  # text fingerprint → the plan that had it first
    for rows in documents:
        for name, records in rows.items():
            out[name] += records
        for record in rows["plans"]:
            fingerprint = record["fingerprint"]
            if fingerprint is not None:
                earlier = first.setdefault(fingerprint, record["plan_key"])
                record["duplicate_of"] = earlier if earlier != record["plan_key"] else None
    return out


def run_row(rows: Rows, lexicon: str) -> dict:
    """The `runs` row of a batch whose tables are `rows`, made with the lexicon of fingerprint `lexicon`."""
    states = Counter(record["state"] for record in rows["plans"])
    finished = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    row = {"run_id": 1, "zxparse": build(), "lexicon": lexicon, "finished": finished, "files": len(rows["plans"])}
    return row | {state: states[state] for state in STATES}


def tables(plans: Iterable[Plan], lex: Lexicon | None = None) -> Rows:
    """The research tables of `plans`, each a list of rows ({column: value}), ready for
    `pandas.DataFrame(tables(plans)["items"])`; a plan's `file` is its source path."""
    from .lexicon import load_lexicon

    lex = lex or load_lexicon()
    rows = corpus_rows(plan_rows(plan, plan.source.path, lex=lex) for plan in plans)
    rows["runs"] = [run_row(rows, lex.fingerprint)]
    return rows


def research_tables(rows: Rows) -> list[Table]:
    return [
        Table(name, cols, [[r[c.name] for c in cols] for r in rows[name]], KEYS.get(name, ""))
        for name, cols in RESEARCH.items()
    ]


def table_paths(path: Path) -> tuple[Path, ...]:
    """The files the research tables are written to at `path` (a SQLite database's journal included):
    for CSV and Parquet, the first table at `path` and each other beside it ('corpus.plans.csv')."""
    if _format(path) in ("csv", "parquet"):
        return (path, *(path.with_name(f"{path.stem}.{name}{path.suffix}") for name in list(RESEARCH)[1:]))
    return (path, path.with_name(f"{path.name}-journal"))


def parquet_missing() -> bool:
    """Parquet is written with pyarrow, an optional extra (`pip install 'zhengxie-parse[parquet]'`)."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is None


def check_table(path: Path) -> None:
    """Refuse, before any parsing, a --table that cannot be written: a folder, or for SQLite a file
    that is no SQLite database or has a stale journal beside it (OutputError)."""
    if path.is_dir():
        raise OutputError(path, "is a folder, not a file")
    if _format(path) == "sqlite":
        _check_database(path)


_SQLITE_HEADER = b"SQLite format 3\0"


def _check_database(path: Path) -> None:
    """A file at `path` must be a SQLite database (or empty) with no rollback journal left beside it:
    a journal is a crashed program's unfinished transaction, which opening the file would roll back
    into it — the user's to look at, not ours to settle."""
    journal = path.with_name(f"{path.name}-journal")
    if journal.exists():
        raise OutputError(
            path,
            _("a journal of an unfinished transaction is beside it ({journal}): not written").format(
                journal=journal.name
            ),
        )
    if path.is_file():
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_HEADER))
        if head and head != _SQLITE_HEADER:
            raise OutputError(path, "is not a SQLite database: not replaced (name another --table)")


def _format(path: Path) -> str | None:
    fmt = for_suffix(path.suffix, TABLES)
    return fmt.name if fmt else None


def write_tables(path: Path, rows: Rows) -> None:
    """The research tables at `path`, in the format its suffix names (formats.py)."""
    for_suffix(path.suffix, TABLES).write(path, research_tables(rows))


def write_xlsx(path: Path, tables_: list[Table]) -> None:
    write_file(path, xlsx_bytes(tables_))


def write_csv(path: Path, tables_: list[Table]) -> None:
    _each_table(path, tables_, csv_bytes)


def write_parquet(path: Path, tables_: list[Table]) -> None:
    _each_table(path, tables_, _parquet_bytes)


def _each_table(path: Path, tables_: list[Table], to_bytes: Callable[[Table], bytes]) -> None:
    """One file a table: the first at `path`, each other beside it."""
    for target, table in zip(table_paths(path), tables_, strict=True):
        write_file(target, to_bytes(table))


def write_sqlite(path: Path, tables_: list[Table]) -> None:
    """One transaction that drops and makes again zxparse's tables and adds this run to `runs`
    (kept from earlier runs); a user's own tables in the file are left as they are. SQLite's atomic
    commit is what a crash meets: the file holds the last tables or the new ones, whole."""
    import sqlite3

    _check_database(path)
    try:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            for table in tables_:
                _replace(db, table)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise OutputError(path, _("SQLite could not write it ({why})").format(why=exc)) from None


def _replace(db, table: Table) -> None:
    """`table` in `db`: made again, or for `runs`, kept when its columns are ours and the run added."""
    names = [c.name for c in table.columns]
    kept = table.name == "runs" and [row[1] for row in db.execute('PRAGMA table_info("runs")')] == names
    if not kept:
        db.execute(f'DROP TABLE IF EXISTS "{table.name}"')
        cols = [f'"{c.name}" {c.sql}' for c in table.columns] + ([table.keys] if table.keys else [])
        db.execute(f'CREATE TABLE "{table.name}" ({", ".join(cols)})')
    rows = table.rows
    if table.name == "runs":  # numbered after the runs kept
        start = db.execute('SELECT COALESCE(MAX(run_id), 0) FROM "runs"').fetchone()[0]
        rows = [[start + n, *row[1:]] for n, row in enumerate(rows, start=1)]
    db.executemany(f'INSERT INTO "{table.name}" VALUES ({", ".join("?" * len(names))})', rows)


_ARROW_TYPES = {"INTEGER": "int64"}  # by the first word of a column's SQL type; the rest are strings


def _parquet_bytes(table: Table) -> bytes:
    """A Parquet file of `table`, typed as in SQLite (integers as int64, text as UTF-8 strings)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c.name, _ARROW_TYPES.get(c.sql.split()[0], "string")) for c in table.columns])
    data = pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in table.rows], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(data, buffer)
    return buffer.getvalue()
