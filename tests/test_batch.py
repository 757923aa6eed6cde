"""`zxparse batch` through the installed command: a folder tree with broken files in it."""

import json
import shutil
import sqlite3

import pytest
from conftest import FIXTURES, SAMPLES
from test_cli import run


@pytest.fixture
def tree(tmp_path):
    source = tmp_path / "in"
    (source / "2021" / "web").mkdir(parents=True)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, source / "2021")
    shutil.copy(FIXTURES / "formats" / "chongchuan_2021_consultation_plan.pdf", source / "2021" / "web")
    shutil.copy(FIXTURES / "formats" / "bad_truncated.docx", source / "2021" / "web" / "broken.docx")
    (source / "2021" / "web" / "empty.txt").write_bytes(b"")
    (source / "2021" / "~$lock.docx").write_bytes(b"\0")  # Word's lock file: not a document
    (source / "notes.rtf").write_text("not a plan")  # not a format zxparse reads: ignored
    return source


def test_batch_mirrors_the_tree_and_records_failures(tree, tmp_path):
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    r = run("batch", tree, "-o", out, "--jobs", "2")
    assert r.returncode == 1  # two documents failed
    assert "Traceback" not in r.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "2021/chongchuan_2021_consultation_plan.json",
        "2021/district_20xx_work_points_web.json",
        "2021/nantong_2023_innovation_compilation.json",
        "2021/web/chongchuan_2021_consultation_plan.json",
        "2021/wujiang_2021_work_points_notice.json",
        "batch-report.json",
    ]
    report = {r["name"]: r for r in json.loads((out / "batch-report.json").read_text("utf-8"))}
    assert report["2021/web/broken.docx"]["status"] == "failed" and report["2021/web/broken.docx"]["exit_code"] == 5
    assert "empty file" in report["2021/web/empty.txt"]["error"]
    assert report["2021/wujiang_2021_work_points_notice.txt"]["items"] == 18
    assert str(tree / "2021" / "web" / "broken.docx") in r.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before  # inputs untouched


def test_up_to_date_plans_are_skipped_unless_forced(tree, tmp_path):
    out = tmp_path / "out"
    run("batch", tree, "-o", out, "-q")
    statuses = lambda: {r["name"]: r["status"] for r in json.loads((out / "batch-report.json").read_text("utf-8"))}
    run("batch", tree, "-o", out, "-q")
    assert statuses()["2021/wujiang_2021_work_points_notice.txt"] == "skipped"
    run("batch", tree, "-o", out, "-q", "--force")
    assert statuses()["2021/wujiang_2021_work_points_notice.txt"] == "ok"


def test_batch_table_of_every_item(tree, tmp_path):
    """The research tables of a tree with failures in it (test_tables.py checks their content)."""
    table = tmp_path / "corpus.sqlite"
    r = run("batch", tree, "-o", tmp_path / "out", "--table", table, "-j", "2", "-q")
    assert r.returncode == 1
    with sqlite3.connect(table) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 12 + 51 + 10 + 18 + 12
        outcomes = dict(db.execute("SELECT file, outcome FROM plans").fetchall())
        owned = db.execute("SELECT COUNT(*) FROM item_committees WHERE canonical = 'proposal'").fetchone()[0]
    assert len(outcomes) == 7 and outcomes["2021/web/broken.docx"] == "failed"
    assert owned >= 5  # seed 003: items 提案委 leads


def test_yaml_plans_on_several_workers(tree, tmp_path):
    import yaml

    out = tmp_path / "out"
    run("batch", tree, "-o", out, "-f", "yaml", "-j", "2", "-q")
    text = (out / "2021" / "wujiang_2021_work_points_notice.yaml").read_text("utf-8")
    assert text.startswith("schema_version:")  # YAML, not JSON (which YAML would also load)
    assert len(yaml.safe_load(text)["items"]) == 18


def test_one_file_and_a_missing_folder(tmp_path):
    r = run("batch", SAMPLES / "chongchuan_2021_consultation_plan.txt", "-o", tmp_path, "-q")
    assert r.returncode == 0 and (tmp_path / "chongchuan_2021_consultation_plan.json").exists()
    r = run("batch", tmp_path / "nope", "-o", tmp_path / "out")
    assert r.returncode == 3 and r.stderr.count("\n") == 1
