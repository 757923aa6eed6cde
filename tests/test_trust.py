"""Trust, third pass: hostile documents and file names through the installed command. Nothing from a
document becomes a formula, a terminal escape or a lost table. Every run is bounded in time."""

import csv
import io
import json
import signal
import subprocess
import time

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
    text = text.replace("1、推动民营", f"1、{FORMULA}{ESCAPES}\x01推动民营", 1).replace(
        "2、践行", "2、@SUM(1+1)践行", 1
    )
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
    assert r.stderr.count("replaced by U+FFFD") == 1 and "\x1b" not in r.stderr


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
    assert "\x1b" not in r.stderr and "\\x1b[2Jclear.txt: parsed" in r.stderr
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


# --- bounded work per document: each limit of data/limits.yaml, met through the command


def with_limits(tmp_path, text):
    """The environment that runs zxparse under the limits `text` overrides."""
    import os

    path = tmp_path / "limits.yaml"
    path.write_text(text, "utf-8")
    return {**os.environ, "ZXPARSE_LIMITS": str(path)}


def zx_env(env, *args, timeout=120):
    return subprocess.run(
        [ZXPARSE, *map(str, args)], capture_output=True, text=True, check=False, timeout=timeout, env=env
    )


def pdf_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream is a few KB that inflate to `inflated` bytes."""
    import zlib

    content = zlib.compress(b"0 0 m\n" * (inflated // 6), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_pdf_that_inflates_past_its_limit_is_refused(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bomb(60 * 2**20))
    assert bomb.stat().st_size < 200_000
    r = zx("extract", bomb, timeout=60)
    assert r.returncode == 5 and "over the limit pdf_stream_bytes" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "limits, document, name",
    [
        ("pdf_pages: 1", "chongchuan_2021_consultation_plan.pdf", "pdf_pages"),
        ("document_seconds: 0.001", "chongchuan_2021_consultation_plan.pdf", "document_seconds"),
        ("docx_xml_bytes: 1000", "chongchuan_2021_consultation_plan.typed.docx", "docx_xml_bytes"),
        ("html_text_chars: 10", "chongchuan_2021_consultation_plan.html", "html_text_chars"),
    ],
)
def test_each_limit_refuses_with_exit_5_and_its_name(tmp_path, limits, document, name):
    from conftest import FIXTURES

    r = zx_env(with_limits(tmp_path, limits), "extract", FIXTURES / "formats" / document)
    assert r.returncode == 5 and f"over the limit {name} (" in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_html_with_an_element_of_200000_attributes_is_refused_before_it_is_parsed(tmp_path):
    page = tmp_path / "page.html"
    attributes = " ".join(f'a{i}="1"' for i in range(200_000))
    page.write_text(f"<html><body><p {attributes}>一、总体要求</p></body></html>", "utf-8")
    r = zx("extract", page, timeout=60)
    assert r.returncode == 5 and "over the limit html_element_attributes (1,000)" in r.stderr


def test_a_runaway_document_in_a_batch_is_stopped_and_recorded(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "plan.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    (source / "slow.pdf").write_bytes(pdf_bomb(20 * 2**20))
    env = with_limits(tmp_path, "pdf_stream_bytes: 1000000000\ndocument_seconds: 0.5")  # the bomb runs, on a clock
    r = zx_env(env, "batch", source, "-o", tmp_path / "out", "-q", "-j", "1")
    assert r.returncode == 1 and "over the limit document_seconds" in r.stderr
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text("utf-8"))
    assert {doc["name"]: doc["status"] for doc in report["documents"]} == {"plan.txt": "parsed", "slow.pdf": "failed"}


def test_a_bad_limits_file_is_one_line(tmp_path):
    r = zx_env(with_limits(tmp_path, "pages: 3"), "extract", SAMPLE)
    assert r.returncode == 2 and "no limit named pages" in r.stderr and r.stderr.count("\n") == 1


# --- lexicons from an untrusted source


def test_a_lexicon_that_is_no_regular_file_is_input_not_found():
    r = zx("extract", SAMPLE, "--lexicon", "/dev/zero", timeout=30)
    assert r.returncode == 3 and r.stderr == "zxparse: /dev/zero: not a regular file\n"


def test_a_lexicon_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [" + ", ".join(['"政协"'] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\ntopics:\n  research:\n    terms: *a8\n", "utf-8")
    r = zx("extract", SAMPLE, "--lexicon", bomb, timeout=30)
    assert r.returncode == 6 and "(limit lexicon_values;" in r.stderr and r.stderr.count("\n") == 1


def test_an_oversize_lexicon_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("committees:\n  aliases:\n" + "".join(f"    委员会{i}: 委{i}\n" for i in range(60_000)), "utf-8")
    r = zx("extract", SAMPLE, "--lexicon", big, timeout=30)
    assert r.returncode == 6 and "over the limit lexicon_bytes" in r.stderr


def test_a_lexicons_patterns_are_bounded_per_document_not_per_call(tmp_path):
    from test_lexicon import HOSTILE, RUNAWAY

    document = tmp_path / "hostile.txt"
    document.write_text(HOSTILE, "utf-8")
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(f"topics:\n  research:\n    patterns: ['{RUNAWAY}']\n", "utf-8")
    r = zx_env(with_limits(tmp_path, "lexicon_seconds: 0.3"), "extract", document, "--lexicon", lexicon)
    assert r.returncode == 6 and f"{lexicon}: its patterns ran over the limit lexicon_seconds" in r.stderr


# --- exit 70 no more: each a documented error


@pytest.fixture
def surrogate_plan(tmp_path):
    plan = tmp_path / "plan.json"
    text = zx("extract", SAMPLE).stdout.replace('"title": "', '"title": "\\ud800', 1)
    plan.write_text(text, "utf-8")
    return plan


@pytest.mark.parametrize("command", ["show", "view"])
def test_a_saved_plan_holding_a_lone_surrogate_is_unreadable(surrogate_plan, tmp_path, command):
    args = ["-o", tmp_path / "page.html"] if command == "view" else []
    r = zx(command, surrogate_plan, *args)
    reason = "holds a lone surrogate (\\ud800), which is no character"
    assert r.returncode == 5 and r.stderr == f"zxparse: {surrogate_plan}: {reason}\n"


def test_validate_reports_a_lone_surrogate(surrogate_plan):
    r = zx("validate", surrogate_plan)
    assert r.returncode == 1 and "lone surrogate" in r.stdout


def test_view_without_a_usable_temporary_folder_is_exit_73(monkeypatch, capsys):
    import tempfile

    from test_cli import in_process

    monkeypatch.setattr(tempfile, "tempdir", "/nonexistent/zxparse-tmp")
    code, _, err = in_process(monkeypatch, capsys, "view", SAMPLE)
    assert code == 73 and err.startswith("zxparse: /nonexistent/zxparse-tmp: cannot make the page's temporary file")
    assert err.count("\n") == 1


def test_view_with_a_full_temporary_folder_is_exit_73(monkeypatch, capsys):
    import errno

    from test_atomic import fail_with
    from test_cli import in_process

    from zhengxie_parse import atomic

    monkeypatch.setattr(atomic, "_sync", fail_with(errno.ENOSPC))
    code, _, err = in_process(monkeypatch, capsys, "view", SAMPLE)
    assert code == 73 and "No space left on device" in err and err.count("\n") == 1


# --- output never lands on an input


@pytest.mark.parametrize("mine", ["index.html", "review/plan.html", "plan.json"])
def test_a_batch_into_its_input_folder_never_overwrites_a_users_file(tmp_path, mine):
    source = tmp_path / "in"
    source.mkdir()
    (source / "plan.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    (source / mine).parent.mkdir(exist_ok=True)
    (source / mine).write_text("<p>my own page</p>", "utf-8")
    r = zx("batch", source, "-o", source, "--report", "-q")
    assert r.returncode == 73 and r.stderr.count("\n") == 1 and f"{source / mine}: zxparse did not write" in r.stderr
    assert (source / mine).read_text("utf-8") == "<p>my own page</p>"
    assert not (source / "batch-report.json").exists()  # refused before anything is written


def test_a_batch_into_its_input_folder_rewrites_its_own_files(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "plan.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    assert zx("batch", source, "-o", source, "--report", "-q").returncode == 0
    r = zx("batch", source, "-o", source, "--report", "-q", "--force")
    assert r.returncode == 0, r.stderr


# --- a stopped batch stops now


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/stat"), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_batch_stops_at_once_while_a_worker_is_inside_a_c_library(tmp_path, stop):
    """A page libxml2 takes minutes over (its limit raised so that it is parsed): the worker runs no
    Python, so no signal handler, until it is killed."""
    from test_batch import children, running, wait_for

    source = tmp_path / "in"
    source.mkdir()
    attributes = " ".join(f'a{i}="1"' for i in range(200_000))
    (source / "a.html").write_text(f"<html><body><p {attributes}>一、总体要求</p></body></html>", "utf-8")
    for n in range(3):
        (source / f"plan{n}.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    env = with_limits(tmp_path, "html_element_attributes: 1000000")
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [ZXPARSE, "batch", source, "-o", out, "-j", "2", "-q"], env=env, stderr=subprocess.PIPE, text=True
    )
    assert wait_for(lambda: len(children(batch.pid)) >= 2, 60)
    workers = children(batch.pid)
    time.sleep(2)  # the page is in libxml2 by now
    batch.send_signal(stop)
    _, err = batch.communicate(timeout=10)  # minutes before the workers were killed
    assert batch.returncode == 128 + stop and f"stopped by {stop.name}" in err
    assert wait_for(lambda: not any(map(running, workers)), 5)
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    assert report["state"] == "interrupted"


# --- BOM-less UTF-16, read whatever its text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("tail", ["", "\n一丁七万丈三上下" * 200, "\n2021" * 200])  # Han with a NUL byte, ASCII
def test_bomless_utf16_is_read_whatever_its_text(tmp_path, encoding, tail):
    document = tmp_path / "plan.txt"
    document.write_bytes((SAMPLE.read_text("utf-8") + tail).encode(encoding))
    r = zx("extract", document)
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["source"]["encoding"] == encoding and plan["meta"]["title"] == "崇川区政协2021年度协商工作计划"


def test_binary_with_nul_bytes_is_still_refused(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    r = zx("extract", junk)
    assert r.returncode == 5 and "not a text file" in r.stderr
