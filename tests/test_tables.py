"""The research tables (`batch --table`, `zhengxie_parse.tables`): the same rows in SQLite, xlsx and
CSV, with keys and types, and the README's SQL answering the questions it says it answers."""

import csv
import re
import shutil
import sqlite3

import pytest
from conftest import FIXTURES, ROOT
from test_cli import PLANS, run

from zhengxie_parse import parse_file, tables
from zhengxie_parse.research import RESEARCH


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The two table plans and a broken document, batched once into each table format."""
    root = tmp_path_factory.mktemp("corpus")
    source = root / "in"
    source.mkdir()
    for plan in PLANS:
        shutil.copy(plan, source)
    shutil.copy(FIXTURES / "formats" / "bad_truncated.docx", source / "broken.docx")
    out = {}
    for suffix in ("sqlite", "xlsx", "csv"):
        out[suffix] = root / f"corpus.{suffix}"
        r = run("batch", source, "-o", root / f"out-{suffix}", "--table", out[suffix], "-j", "1", "-q")
        assert r.returncode == 1  # the broken document
    return out


def _sqlite_rows(path):
    with sqlite3.connect(path) as db:
        return {name: db.execute(f'SELECT * FROM "{name}"').fetchall() for name in RESEARCH}


def _timeless(name, rows):
    """Rows without the run's time, which differs between the batches that made each format."""
    at = [c.name for c in RESEARCH[name]].index("finished") if name == "runs" else None
    return [tuple(v for n, v in enumerate(row) if n != at) for row in rows]


def _as_text(rows):
    return [tuple("" if v is None else str(v) for v in row) for row in rows]


@pytest.mark.parametrize("name", ["corpus.db", "corpus.sqlite3", "CORPUS.SQLITE"])
def test_other_names_of_a_sqlite_database(tmp_path, name):
    r = run("batch", PLANS[0], "-o", tmp_path / "out", "--table", tmp_path / name, "-j", "1", "-q")
    assert r.returncode == 0, r.stderr
    assert _sqlite_rows(tmp_path / name)["plans"][0][1] == PLANS[0].name


def test_the_same_rows_in_sqlite_xlsx_and_csv(corpus):
    import openpyxl

    in_sqlite = _sqlite_rows(corpus["sqlite"])
    book = openpyxl.load_workbook(corpus["xlsx"])
    for name, columns in RESEARCH.items():
        sheet = list(book[name].values)
        assert list(sheet[0]) == [c.zh for c in columns]  # Chinese headers in the workbook
        assert _timeless(name, sheet[1:]) == _timeless(name, in_sqlite[name])  # numbers stay numbers
        path = corpus["csv"] if name == "items" else corpus["csv"].with_name(f"corpus.{name}.csv")
        rows = list(csv.reader(path.open(encoding="utf-8-sig")))
        assert rows[0] == [c.name for c in columns]  # English names in CSV and SQLite
        assert _timeless(name, rows[1:]) == _timeless(name, _as_text(in_sqlite[name]))


def test_keys_types_and_the_failed_document(corpus):
    with sqlite3.connect(corpus["sqlite"]) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        plans = db.execute("SELECT file, state, year, typeof(year), item_count, error FROM plans").fetchall()
        assert plans[0][:3] == ("broken.docx", "failed", None) and "corrupt .docx" in plans[0][5]
        assert plans[1][:5] == ("jia_2022_plan.txt", "parsed", 2022, "integer", 3)
        assert db.execute("SELECT COUNT(*) FROM plans WHERE year > 2022").fetchone()[0] == 1  # a number, not text
        owners = db.execute(
            "SELECT i.title, c.position, c.name, c.canonical FROM item_committees c JOIN items i USING (item_key)"
            " WHERE i.title LIKE '%营商环境%'"
        ).fetchall()
        assert owners == [
            ("关于优化营商环境的建议", 1, "经济委", "economy"),
            ("关于优化营商环境的建议", 2, "提案委", "proposal"),
        ]
        topic = db.execute("SELECT topic_type, topic_type_zh FROM items WHERE title LIKE '%养老%'").fetchone()
        assert topic == ("counterpart_consultation", "对口协商")


def readme_queries():
    """The SQL blocks of the README, by the comment on their first line."""
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL)
    return {block.splitlines()[0].removeprefix("-- ").strip(): block for block in blocks}


@pytest.mark.parametrize(
    "question,answer",
    [
        ("committee with most items", [("economy", 3)]),
        (
            "items in June",
            [
                ("jia_2022_plan.txt", "关于推进乡村振兴的建议"),
                ("jia_2022_plan.txt", "关于优化营商环境的建议"),  # 第二季度
                ("yi_2023_plan.txt", "关于发展养老服务的对口协商"),  # 6至7月
            ],
        ),
        (
            "topic types by year",
            [
                (2022, "thematic_consultation", 2),
                (2022, "democratic_supervision", 1),
                (2023, "counterpart_consultation", 2),
            ],
        ),
    ],
)
def test_readme_sql_answers_its_questions(corpus, question, answer):
    with sqlite3.connect(corpus["sqlite"]) as db:
        assert db.execute(readme_queries()[question]).fetchall() == answer


def test_tables_for_pandas_from_the_api():
    rows = tables(parse_file(plan) for plan in PLANS)
    assert set(rows) == set(RESEARCH)
    assert [(r["year"], r["item_count"]) for r in rows["plans"]] == [(2022, 3), (2023, 2)]
    first, second = (r["plan_key"] for r in rows["plans"])
    assert [r["plan_key"] for r in rows["items"]] == [first] * 3 + [second] * 2
    assert all(r["item_key"].startswith(f"{r['plan_key']}:") for r in rows["items"])
    months = {(r["item_key"], r["month"]) for r in rows["item_months"]}
    assert {(rows["items"][3]["item_key"], 6), (rows["items"][3]["item_key"], 7)} <= months
    assert all(set(r) == {c.name for c in RESEARCH[name]} for name in RESEARCH for r in rows[name])


def test_items_flat_child_tables_and_labels():
    rows = tables(parse_file(plan) for plan in PLANS)
    flat = rows["items_flat"][0]
    assert (flat["year"], flat["file"], flat["title"]) == (2022, str(PLANS[0]), rows["items"][0]["title"])
    assert {r["domain"]: r["domain_zh"] for r in rows["item_domains"]}["business_environment"] == "营商环境"
    assert all(r["form_zh"] and r["form"] for r in rows["item_forms"])
    assert {r["canonical"]: r["canonical_zh"] for r in rows["item_committees"]}["proposal"] == "提案委"
    assert {r["topic_confidence_zh"] for r in rows["items"]} <= {"高", "中", "低"}
    assert rows["plans"][0]["doc_kind_zh"] and rows["plans"][0]["state_zh"] == "已解析"


def test_a_reposted_plan_is_a_duplicate(tmp_path):
    copy = tmp_path / "转载.txt"
    copy.write_text(PLANS[0].read_text("utf-8").replace("一、", "一、 "), encoding="utf-8")  # spacing differs
    rows = tables(parse_file(plan) for plan in (PLANS[0], PLANS[1], copy))
    first, second, third = rows["plans"]
    assert third["duplicate_of"] == first["plan_key"] and first["duplicate_of"] is second["duplicate_of"] is None


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """A corpus batched into SQLite, then again with a file added between the runs."""
    root = tmp_path_factory.mktemp("reruns")
    source, table = root / "in", root / "corpus.sqlite"
    source.mkdir()
    shutil.copy(PLANS[0], source)
    with sqlite3.connect(table) as db:  # a user's own table in the same file
        db.execute("CREATE TABLE notes (item_key TEXT, note TEXT)")
        db.execute("INSERT INTO notes VALUES ('x', '已核对')")
    assert run("batch", source, "-o", root / "out", "--table", table, "-j", "1", "-q").returncode == 0
    before = _keys(table)
    shutil.copy(PLANS[1], source / "aa_added.txt")  # sorts first
    assert run("batch", source, "-o", root / "out", "--table", table, "-j", "1", "-q").returncode == 0
    return table, before


def _keys(table):
    with sqlite3.connect(table) as db:
        return db.execute("SELECT plan_key, item_key FROM items ORDER BY item_key").fetchall()


def test_keys_survive_a_rerun_with_a_file_added(two_runs):
    table, before = two_runs
    after = _keys(table)
    assert set(before) < set(after) and len(after) == len(before) + 2


def test_run_state_apart_from_the_data(two_runs):
    table, _ = two_runs
    with sqlite3.connect(table) as db:
        states = dict(db.execute("SELECT file, state FROM plans").fetchall())
        assert states == {PLANS[0].name: "skipped", "aa_added.txt": "parsed"}
        every = db.execute("SELECT COUNT(*) FROM plans WHERE state='parsed' OR state='skipped'").fetchone()[0]
        assert every == 2 and db.execute("SELECT COUNT(*) FROM plans WHERE title IS NULL").fetchone()[0] == 0
        runs = db.execute("SELECT run_id, files, parsed, skipped FROM runs ORDER BY run_id").fetchall()
        assert runs == [(1, 1, 1, 0), (2, 2, 1, 1)]  # a row per run, kept across runs
        assert db.execute("SELECT note FROM notes").fetchall() == [("已核对",)]  # the user's table is left alone


@pytest.mark.parametrize(
    "make,reason",
    [
        (lambda path: path.write_text("项目,备注\n", encoding="utf-8"), "is not a SQLite database"),
        (lambda path: path.with_name(f"{path.name}-journal").write_bytes(b"\0" * 512), "unfinished transaction"),
    ],
)
def test_a_table_file_that_is_not_ours_to_write_is_refused(tmp_path, make, reason):
    table = tmp_path / "corpus.db"
    make(table)
    before = table.read_bytes() if table.exists() else None
    r = run("batch", PLANS[0], "-o", tmp_path / "out", "--table", table, "-q")
    assert r.returncode == 73 and r.stderr.count("\n") == 1 and reason in r.stderr
    assert (table.read_bytes() if table.exists() else None) == before
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.json"))  # refused before parsing


def test_parquet_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    table = tmp_path / "corpus.parquet"
    r = run("batch", PLANS[0], "-o", tmp_path / "out", "--table", table, "-q")
    assert r.returncode == 0, r.stderr
    items = pq.read_table(table).to_pylist()
    assert len(items) == 3 and items[0]["seq"] == 1 and items[0]["item_key"].startswith(items[0]["plan_key"])
    assert pq.read_table(tmp_path / "corpus.plans.parquet").to_pylist()[0]["year"] == 2022


def test_parquet_without_pyarrow_is_bad_usage(tmp_path, monkeypatch, capsys):
    from test_cli import in_process

    from zhengxie_parse import research

    monkeypatch.setattr(research, "parquet_missing", lambda: True)
    code, _, err = in_process(monkeypatch, capsys, "batch", PLANS[0], "-o", tmp_path / "out", "--table", "t.parquet")
    assert code == 2 and "pip install 'zhengxie-parse[parquet]'" in err and not (tmp_path / "out").exists()


def test_item_evidence_gives_offsets_in_the_line_as_written():
    """item_evidence: each value's words with the block and offsets they were read at, which cut the
    words out of the reader's text again; a value read from outside the line has NULL offsets."""
    rows = tables([parse_file(PLANS[0])])
    evidence = rows["item_evidence"]
    assert {r["field"] for r in evidence} >= {"title", "topic_terms"}
    assert all(r["field_zh"] and r["item_key"] in {i["item_key"] for i in rows["items"]} for r in evidence)
    lines = PLANS[0].read_text("utf-8").splitlines()
    spans = [r for r in evidence if r["start"] is not None]
    assert spans and all(lines[r["line"] - 1].strip()[r["start"] : r["end"]] == r["text"] for r in spans)
