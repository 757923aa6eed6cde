"""Task sheets (export.py) and extract's csv/xlsx formats."""

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
    lines = r.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "序号,类别,议题,牵头委室,牵头领导,协商部门/配合单位,时间,来源"
    assert "20,全体会议协商,围绕”一府两院”工作报告协商建言,办公室、研究室,,,," in lines[20]


def test_several_documents_in_one_csv(tmp_path):
    out = tmp_path / "tasks.csv"
    assert run("extract", *PLANS, "-o", out).returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0] == ["文件", "序号", "类别", "议题", "牵头委室", "牵头领导", "协商部门/配合单位", "时间", "来源"]
    assert [(Path(r[0]).name, r[1]) for r in rows[1:]] == [
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
    assert book.sheetnames == ["任务清单"]
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["文件", "序号", "类别"]
    assert [c.value for c in sheet["B"]][1:] == [1, 2, 3, 1, 2]  # numbers, not text
    assert sheet.auto_filter.ref == "A1:I6" and sheet.freeze_panes == "A2"


def test_a_printed_task_sheet_repeats_its_header_and_wraps_titles(tmp_path):
    import openpyxl

    out = tmp_path / "tasks.xlsx"
    assert run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-o", out).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    title = [c.value for c in sheet[1]].index("议题") + 1
    assert all(sheet.cell(row, title).alignment.wrap_text for row in range(2, sheet.max_row + 1))
    assert not sheet.cell(2, title + 1).alignment.wrap_text  # only the title column


def test_one_document_sheet_has_no_file_column(tmp_path):
    import openpyxl

    out = tmp_path / "tasks.xlsx"
    assert run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-o", out).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 52 and sheet["A1"].value == "序号" and sheet["A2"].value == 1


def test_xlsx_to_stdout_only_when_redirected(tmp_path):
    import openpyxl

    r = run_bytes("extract", SAMPLES / "district_20xx_work_points_web.txt", "-f", "xlsx")  # a pipe, not a terminal
    assert r.returncode == 0
    (tmp_path / "piped.xlsx").write_bytes(r.stdout)
    assert openpyxl.load_workbook(tmp_path / "piped.xlsx").active.max_row == 52


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
