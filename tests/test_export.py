"""Task sheets (export.py) and extract's csv/xlsx formats."""

import pytest
from conftest import SAMPLES
from test_cli import run

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
    lines = r.stdout.splitlines()
    assert lines[0] == "序号,类别,议题,牵头委室,牵头领导,协商部门/配合单位,时间,来源"
    assert "20,全体会议协商,围绕”一府两院”工作报告协商建言,办公室、研究室,,,," in lines[20]


def test_xlsx_needs_a_file(tmp_path):
    assert run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-f", "xlsx").returncode == 2
    out = tmp_path / "tasks.xlsx"
    assert run("extract", SAMPLES / "district_20xx_work_points_web.txt", "-f", "xlsx", "-o", out).returncode == 0
    import openpyxl

    assert openpyxl.load_workbook(out).active.max_row == 52
