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
from zhengxie_parse.export import RESEARCH


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
        assert sheet[1:] == in_sqlite[name]  # numbers stay numbers
        path = corpus["csv"] if name == "items" else corpus["csv"].with_name(f"corpus.{name}.csv")
        rows = list(csv.reader(path.open(encoding="utf-8-sig")))
        assert rows[0] == [c.name for c in columns]  # English names in CSV and SQLite
        assert [tuple(r) for r in rows[1:]] == _as_text(in_sqlite[name])


def test_keys_types_and_the_failed_document(corpus):
    with sqlite3.connect(corpus["sqlite"]) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        plans = db.execute("SELECT file, outcome, year, typeof(year), item_count, error FROM plans").fetchall()
        assert plans[0][:3] == ("broken.docx", "failed", None) and "corrupt .docx" in plans[0][5]
        assert plans[1][:5] == ("jia_2022_plan.txt", "parsed", 2022, "integer", 3)
        assert db.execute("SELECT COUNT(*) FROM plans WHERE year > 2022").fetchone()[0] == 1  # a number, not text
        owners = db.execute(
            "SELECT i.title, c.position, c.name, c.canonical FROM item_committees c JOIN items i USING (item_id)"
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
    assert [(r["plan_id"], r["year"], r["item_count"]) for r in rows["plans"]] == [(1, 2022, 3), (2, 2023, 2)]
    assert [r["item_id"] for r in rows["items"]] == [1, 2, 3, 4, 5] and rows["items"][3]["plan_id"] == 2
    assert [(r["item_id"], r["month"]) for r in rows["item_months"]][-3:] == [(4, 6), (4, 7), (5, 11)]
    assert all(set(r) == {c.name for c in RESEARCH[name]} for name in RESEARCH for r in rows[name])
