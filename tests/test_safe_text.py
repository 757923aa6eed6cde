"""safe_text: what a document's text may become in a terminal, a CSV cell and a worksheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

from zhengxie_parse.export import Column, Table, csv_bytes, xlsx_bytes
from zhengxie_parse.safe_text import csv_cell, printable, sheet_text


@pytest.mark.parametrize(
    "text, shown",
    [
        ("协商计划", "协商计划"),
        ("\x1b]0;owned\x07标题", "\\x1b]0;owned\\x07标题"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\nb.txt", "a\\nb.txt"),
        ("tab\there", "tab\\there"),
        ("\x9b31m", "\\x9b31m"),
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_printable_escapes_controls(text, shown):
    assert printable(text) == shown


def test_printable_can_keep_line_breaks():
    assert printable("一\n二\x1b", keep_newlines=True) == "一\n二\\x1b"


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://x","点击")', '\'=HYPERLINK("http://x","点击")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("开展调研", "开展调研"),
        ("a=b", "a=b"),
        (3, 3),
        (None, None),
    ],
)
def test_csv_cell_never_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_sheet_text_replaces_what_a_workbook_cannot_hold():
    assert sheet_text("a\x00b\x1bc\td") == ("a\ufffdb\ufffdc\td", 2)
    assert sheet_text(7) == (7, 0)


TABLE = Table(
    "items",
    [Column("title", "议题"), Column("n", "数", "INTEGER")],
    [['=HYPERLINK("http://x","点击")', 1], ["@SUM(1+1)", 2], ["控制\x1b字符", 3]],
)


def test_csv_table_has_no_formula_cells():
    rows = list(csv.reader(io.StringIO(csv_bytes(TABLE).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x","点击")', "'@SUM(1+1)", "控制\x1b字符"]


def test_xlsx_table_holds_text_not_formulas():
    sheet = load_workbook(io.BytesIO(xlsx_bytes([TABLE])))["items"]
    cells = [sheet.cell(row=r, column=1) for r in (2, 3, 4)]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","点击")', "@SUM(1+1)", "控制\ufffd字符"]
