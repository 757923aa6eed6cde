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


@pytest.mark.parametrize("name", ["all-items.csv", "all-items.sqlite", "all-items.xlsx"])
def test_batch_table_of_every_item(tree, tmp_path, name):
    table = tmp_path / name
    r = run("batch", tree, "-o", tmp_path / "out", "--table", table, "-j", "1", "-q")
    assert r.returncode == 1 and table.exists()
    if name.endswith(".csv"):
        text = table.read_text("utf-8-sig")
        assert text.startswith("文件,文档标题,年度,地区,序号,类别,议题,牵头委室")
        assert len(text.splitlines()) == 1 + 12 + 51 + 10 + 18 + 12
        plans = table.with_name("all-items.plans.csv").read_text("utf-8-sig").splitlines()
        assert len(plans) == 1 + 7 and any(",failed," in line and "empty file" in line for line in plans)
    elif name.endswith(".sqlite"):
        with sqlite3.connect(table) as db:
            count = db.execute('SELECT COUNT(*) FROM items WHERE "牵头委室" = ?', ["提案委"]).fetchone()[0]
            kinds = dict(db.execute('SELECT "文件", "文档类型" FROM plans').fetchall())
        assert count == 5  # seed 003: items whose only owner is 提案委
        assert (
            kinds["2021/wujiang_2021_work_points_notice.txt"] == "work_points" and kinds["2021/web/broken.docx"] == ""
        )
    else:
        import openpyxl

        book = openpyxl.load_workbook(table)
        sheet = book["任务清单"]
        assert sheet.max_row == 1 + 103 and sheet["G2"].value and sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["G"].width > sheet.column_dimensions["E"].width  # 议题 is wide
        assert book["文档"].max_row == 1 + 7


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
