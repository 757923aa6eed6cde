"""Task sheets as extract writes them (csv, xlsx), and the places of `where`."""

import csv
import io
import os
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_cli import PLANS, run, run_bytes

from zhengxie_parse.export import where
from zhengxie_parse.models import SourceRef


@pytest.mark.parametrize(
    "ref,expected",
    [
        (SourceRef(block=3, line=27), "第27行"),
        (SourceRef(block=3, page=2, line=5), "第2页第5行"),
        (SourceRef(block=3, paragraph=12), "第12段"),
        (SourceRef(block=3, paragraph=40, table=1, row=3), "表1第3行"),
        (SourceRef(block=3), "第4块"),
    ],
)
def test_where(ref, expected):
    assert where(ref) == expected


def test_extract_task_sheet_csv():
    r = run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-f", "csv")
    assert r.stdout.startswith("\ufeff")  # a BOM on stdout too: `> tasks.csv` opens right in Excel
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    row = next(row for row in rows if row["议题/任务"] == "围绕”一府两院”工作报告协商建言")
    assert {
        k: row[k] for k in ("序号", "类别", "牵头单位", "配合单位", "协商部门", "完成时限", "进展情况", "来源")
    } == {
        "序号": "20",
        "类别": "全体会议协商",
        "牵头单位": "办公室、研究室",
        "配合单位": "",
        "协商部门": "",
        "完成时限": "",
        "进展情况": "",
        "来源": "第111行",
    }
    assert row["所属部分"].startswith("附件") and len(row["事项编号"]) == 8


def test_several_documents_in_one_csv(tmp_path):
    out = tmp_path / "tasks.csv"
    assert run("extract", *PLANS, "-o", out).returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0][:3] == ["文件", "事项编号", "序号"]
    assert [(Path(r[0]).name, r[2]) for r in rows[1:]] == [
        ("jia_2022_plan.txt", "1"),
        ("jia_2022_plan.txt", "2"),
        ("jia_2022_plan.txt", "3"),
        ("yi_2023_plan.txt", "1"),
        ("yi_2023_plan.txt", "2"),
    ]  # one header, numbered per document


def test_several_documents_in_one_workbook(tmp_path):
    import openpyxl

    out = tmp_path / "two.xlsx"
    assert run("extract", *PLANS, "-o", out).returncode == 0 and out.is_file()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["任务分解表"]
    sheet = book.active
    assert sheet["A1"].value == "任务分解表"  # the title row of several documents
    assert [c.value for c in sheet[2]][:3] == ["文件", "事项编号", "序号"]
    assert [c.value for c in sheet["C"]][2:] == [1, 2, 3, 1, 2]  # numbers, not text
    assert sheet.auto_filter.ref == "A2:P7" and sheet.freeze_panes == "A3"


def test_one_document_sheet_has_no_file_column(tmp_path):
    import openpyxl

    out = tmp_path / "tasks.xlsx"
    assert run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-o", out).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 53 and sheet["A2"].value == "事项编号" and sheet["B3"].value == 1


def test_xlsx_to_stdout_only_when_redirected(tmp_path):
    import openpyxl

    r = run_bytes("extract", SAMPLES / "district_20xx_work_points_web.txt", "-f", "xlsx")  # a pipe, not a terminal
    assert r.returncode == 0
    (tmp_path / "piped.xlsx").write_bytes(r.stdout)
    assert openpyxl.load_workbook(tmp_path / "piped.xlsx").active.max_row == 53


def test_xlsx_is_not_written_to_a_terminal():
    import pty
    import subprocess

    from test_cli import ZXPARSE

    controller, terminal = pty.openpty()
    try:
        r = subprocess.run(
            [ZXPARSE, "extract", str(SAMPLES / "district_20xx_work_points_web.txt"), "-f", "xlsx"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(terminal), os.close(controller)
    assert r.returncode == 2 and "give one with -o" in r.stderr
