"""The real entry point, run as a user runs it."""

import errno
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, SAMPLES

ZXPARSE = shutil.which("zxparse") or os.path.join(os.path.dirname(sys.executable), "zxparse")
SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"


def run(*args, cwd=None):
    return subprocess.run([ZXPARSE, *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False)


def test_extract_json_to_stdout():
    r = run("extract", SAMPLE)
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["meta"]["year"] == 2021 and len(plan["items"]) == 12
    assert "\\u" not in r.stdout


def test_extract_yaml():
    import yaml

    r = run("extract", SAMPLE, "-f", "yaml")
    assert r.returncode == 0 and yaml.safe_load(r.stdout)["meta"]["status"] == "draft"


def test_extract_many_to_directory(tmp_path):
    r = run("extract", *sorted(SAMPLES.glob("*.txt")), "-o", tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(list(tmp_path.glob("*.json"))) == 4


def test_show_prints_the_tree():
    r = run("show", SAMPLE)
    assert r.returncode == 0 and "2.4.1 1、 疫情防控民主监督  → democratic_supervision" in r.stdout


def test_schema_command_writes_the_committed_schema(tmp_path):
    r = run("schema", "-o", tmp_path)
    assert r.returncode == 0
    assert (tmp_path / "plan.schema.json").read_text("utf-8") == (
        SAMPLES.parent / "schemas" / "plan.schema.json"
    ).read_text("utf-8")


def _junk(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 16)
    return path


def _written(name, data):
    def make(tmp):
        (tmp / name).write_bytes(data)
        return tmp / name

    return make


def _fixture(name):
    return lambda tmp: FIXTURES / "formats" / name


@pytest.mark.parametrize(
    "make,code,reason",
    [
        (lambda tmp: tmp / "missing.txt", 3, "no such file"),
        (_written("empty.txt", b""), 5, "empty file"),
        (_written("plan.docx", b""), 5, "empty file"),
        (_junk, 5, "not a text file"),
        (_written("plan.rtf", "{\\rtf1 政协}".encode()), 4, "unsupported file type"),
        (_fixture("bad_truncated.docx"), 5, "corrupt .docx"),
        (_fixture("bad_scanned.pdf"), 5, "no text layer"),
        (_fixture("bad_encrypted.pdf"), 5, "encrypted PDF"),
        (_written("plan.pdf", "一、加强学习\n".encode()), 5, "not a real .pdf file"),
    ],
)
def test_bad_input_is_one_line(tmp_path, make, code, reason):
    path = make(tmp_path)
    r = run("extract", path)
    assert r.returncode == code
    assert r.stderr.count("\n") == 1 and str(path) in r.stderr and reason in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_word97_without_libreoffice_says_what_to_install():
    """A .doc renamed .docx (and a real .doc) needs LibreOffice; without it: exit 4 and the remedy."""
    env = {**os.environ, "PATH": os.path.dirname(ZXPARSE)}  # no soffice on this PATH
    for name in ("bad_renamed_doc.docx", "real_word97.doc"):
        path = FIXTURES / "formats" / name
        r = subprocess.run([ZXPARSE, "extract", str(path)], capture_output=True, text=True, env=env, check=False)
        assert r.returncode == 4 and r.stderr.count("\n") == 1
        assert str(path) in r.stderr and "LibreOffice" in r.stderr and ".docx" in r.stderr


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_word97_with_libreoffice_reads_like_docx():
    doc = json.loads(run("extract", FIXTURES / "formats" / "real_word97.doc").stdout)
    docx = json.loads(run("extract", FIXTURES / "formats" / "chongchuan_2021_consultation_plan.typed.docx").stdout)
    assert doc["source"]["format"] == "doc"
    assert [i["title"] for i in doc["items"]] == [i["title"] for i in docx["items"]]


def test_dash_reads_standard_input():
    r = subprocess.run([ZXPARSE, "extract", "-"], input=SAMPLE.read_bytes(), capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["source"]["path"] == "-" and len(plan["items"]) == 12


def test_one_bad_file_does_not_stop_the_rest(tmp_path):
    r = run("extract", _junk(tmp_path), SAMPLE, "-o", tmp_path / "out")
    assert r.returncode == 1
    assert (tmp_path / "out" / f"{SAMPLE.stem}.json").exists()


def test_bad_lexicon(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  research: [unclosed\n", encoding="utf-8")
    r = run("extract", SAMPLE, "--lexicon", bad)
    assert r.returncode == 6 and "bad.yaml" in r.stderr and "line" in r.stderr and "Traceback" not in r.stderr
    bad.write_text("noise:\n  lines:\n    - '第\\d+页'\n    - '(unclosed'\n", encoding="utf-8")  # a regex, used late
    r = run("extract", SAMPLE, "--lexicon", bad)
    assert r.returncode == 6 and r.stderr.startswith(f"zxparse: {bad}: line 4: invalid lexicon: noise.lines")


def test_version_and_help():
    assert run("--version").stdout.startswith("zxparse ")
    r = run("--help")
    assert r.returncode == 0 and "Exit codes" in r.stdout


def in_process(monkeypatch, capsys, *args):
    """`zxparse ARGS` through the console entry point in this process, so a test can inject faults:
    (exit code, stdout, stderr)."""
    from zhengxie_parse import cli

    monkeypatch.setattr(sys, "argv", ["zxparse", *map(str, args)])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_a_plan_that_cannot_be_written_fails_alone(tmp_path):
    """The plan's name is over the file system's 255 bytes (its .txt fits): that document fails
    in one line, the next is still written."""
    long = tmp_path / ("长" * 83 + "ab.txt")  # 255 bytes; 'ab.json' would be 256
    shutil.copy(SAMPLE, long)
    other = SAMPLES / "wujiang_2021_work_points_notice.txt"
    r = run("extract", long, other, "-o", tmp_path / "out")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "File name too long" in r.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{other.stem}.json"]


def test_output_problems_are_found_before_parsing(tmp_path, monkeypatch, capsys):
    from test_atomic import fail_with

    from zhengxie_parse import atomic, pipeline

    (tmp_path / "taken").write_text("a file where the plans should go", encoding="utf-8")
    r = run("extract", SAMPLE, SAMPLE, "-o", tmp_path / "taken")
    assert r.returncode == 73 and r.stderr == f"zxparse: {tmp_path / 'taken'}: is a file, not a folder\n"
    monkeypatch.setattr(pipeline, "parse_file", lambda *a: pytest.fail("parsed before the output was checked"))
    monkeypatch.setattr(atomic, "_create", fail_with(errno.EROFS))
    code, _, err = in_process(monkeypatch, capsys, "extract", SAMPLE, "-o", tmp_path / "out.json")
    assert code == 73 and err == f"zxparse: {tmp_path}: cannot write in this folder (Read-only file system)\n"


@pytest.fixture
def undecodable_name(tmp_path):
    """A document whose name is not UTF-8 (a GBK-named file copied from an old Windows share)."""
    path = tmp_path / os.fsdecode(b"plan-\xd5\xfe.txt")  # 政 in GBK
    try:
        shutil.copy(SAMPLE, path)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    return path


def test_undecodable_file_name_to_stdout(undecodable_name):
    r = subprocess.run([ZXPARSE, "extract", undecodable_name], capture_output=True, check=False)
    assert r.returncode == 0
    plan = json.loads(r.stdout.decode("utf-8"))  # strict: stdout is valid UTF-8
    assert plan["source"]["path"].endswith("plan-\\xd5\\xfe.txt") and len(plan["items"]) == 12


def test_input_size_limit(tmp_path):
    from zhengxie_parse.read import MAX_INPUT_BYTES

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as file:
        file.truncate(MAX_INPUT_BYTES + 1)  # sparse: refused from its size, never read
    r = run("extract", huge)
    assert r.returncode == 5 and r.stderr == f"zxparse: {huge}: too large: over 50 MB, the most zxparse reads\n"
    r = subprocess.run([ZXPARSE, "extract", "-"], input=b"1" * (MAX_INPUT_BYTES + 1), capture_output=True, check=False)
    assert r.returncode == 5 and b"too large" in r.stderr
