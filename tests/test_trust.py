"""Trust, third pass: hostile documents and file names through the installed command. Nothing from a
document becomes a formula, a terminal escape or a lost table. Every run is bounded in time."""

import csv
import io
import subprocess

import pytest
from conftest import SAMPLES
from openpyxl import load_workbook
from test_cli import ZXPARSE

SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"
FORMULA = '=HYPERLINK("http://x","点击")'
ESCAPES = "\x1b]0;owned\x07\x1b[2J"


def zx(*args, cwd=None, timeout=120):
    return subprocess.run(
        [ZXPARSE, *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False, timeout=timeout
    )


@pytest.fixture
def hostile(tmp_path):
    """A plan whose first item opens with a formula and carries terminal escapes and a control
    character, the second opens with '@'; saved under a name that is a formula."""
    text = SAMPLE.read_text("utf-8")
    text = text.replace("1、推动民营", f"1、{FORMULA}{ESCAPES}\x01推动民营", 1).replace("2、践行", "2、@SUM(1+1)践行", 1)
    path = tmp_path / "=1+1.txt"
    path.write_text(text, "utf-8")
    return path


def csv_cells(path):
    return [cell for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) for cell in row]


def sheet_cells(path):
    return [cell for sheet in load_workbook(path) for row in sheet.iter_rows() for cell in row]


def never_a_formula_in_csv(cells):
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any(cell.startswith("'@SUM") for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def never_a_formula_in_xlsx(cells):
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(str(cell.value).startswith("=HYPERLINK") for cell in cells)  # kept, as text


def test_task_sheets_never_hold_a_formula(hostile, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    r = zx("extract", hostile.name, other.name, "-o", "t.csv", cwd=tmp_path)  # several: a 文件 column
    assert r.returncode == 0, r.stderr
    cells = csv_cells(tmp_path / "t.csv")
    never_a_formula_in_csv(cells)
    assert "'=1+1.txt" in cells
    r = zx("extract", hostile.name, other.name, "-o", "t.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    cells = sheet_cells(tmp_path / "t.xlsx")
    never_a_formula_in_xlsx(cells)
    assert "=1+1.txt" in [cell.value for cell in cells if cell.data_type == "s"]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_characters_a_file_cannot_hold_are_replaced_and_said_once(hostile, tmp_path, fmt):
    r = zx("extract", hostile, "-o", tmp_path / f"t.{fmt}")
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("\n") == 1 and "replaced by U+FFFD" in r.stderr and "\x1b" not in r.stderr


def test_the_word_table_holds_the_formula_as_text(hostile, tmp_path):
    from docx import Document

    assert zx("extract", hostile, "-o", tmp_path / "t.docx").returncode == 0
    texts = [cell.text for table in Document(tmp_path / "t.docx").tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("=HYPERLINK") for text in texts)
    assert not any("\x1b" in text for text in texts)


@pytest.mark.parametrize("table", ["t.csv", "t.xlsx"])
def test_research_tables_never_hold_a_formula_and_one_document_never_costs_the_table(hostile, tmp_path, table):
    source = tmp_path / "in"
    source.mkdir()
    hostile.rename(source / hostile.name)
    (source / "plain.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    r = zx("batch", source, "-o", tmp_path / "out", "--table", tmp_path / table, "-q")
    assert r.returncode == 0, r.stderr
    if table.endswith(".csv"):
        cells = [cell for path in tmp_path.glob("t*.csv") for cell in csv_cells(path)]
        never_a_formula_in_csv(cells)
        assert "'=1+1.txt" in cells
    else:
        never_a_formula_in_xlsx(sheet_cells(tmp_path / table))
        assert r.stderr.count("replaced by U+FFFD") == 1


def test_show_escapes_control_characters(hostile):
    r = zx("show", hostile)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b]0" in r.stdout


def test_names_are_printed_escaped_and_never_read_as_markup(tmp_path):
    source = tmp_path / "in"
    (source / "x[").mkdir(parents=True)
    (source / "x[" / "b].txt").write_bytes(b"\0\1\2")  # fails: its name is in the summary's failures
    (source / "a\nzxparse: forged.txt").write_bytes(b"\0\1\2")
    (source / "\x1b[2Jclear.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    r = zx("batch", source, "-o", tmp_path / "out", "-v", "-j", "1")
    assert r.returncode == 1, r.stderr
    assert "x[/b].txt" in r.stderr and "internal error" not in r.stderr
    assert "\x1b" not in r.stderr and "\\x1b[2Jclear.txt: ok" in r.stderr
    assert "\nzxparse: forged" not in r.stderr and "a\\nzxparse: forged.txt" in r.stderr


def test_error_and_validate_lines_escape_control_characters(tmp_path):
    bad = tmp_path / "\x1b]0;t\x07.txt"
    bad.write_bytes(b"\0\1\2")
    r = zx("extract", bad)
    assert r.returncode == 5 and "\x1b" not in r.stderr and "\\x1b]0;t\\x07.txt" in r.stderr
    plan = tmp_path / "\x1b[2J.json"
    plan.write_text("{}", "utf-8")
    r = zx("validate", plan)
    assert r.returncode == 1 and "\x1b" not in r.stdout + r.stderr and "\\x1b[2J.json" in r.stdout
