"""The real entry point, run as a user runs it."""

import errno
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, SAMPLES

ZXPARSE = shutil.which("zxparse") or os.path.join(os.path.dirname(sys.executable), "zxparse")
SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"


TABLES = FIXTURES / "tables"  # two small plans with owners, leaders and months
PLANS = sorted(TABLES.glob("*.txt"))


def run(*args, cwd=None, input=None):
    return subprocess.run([ZXPARSE, *map(str, args)], capture_output=True, text=True, cwd=cwd, input=input, check=False)


def run_bytes(*args, input=None):
    return subprocess.run([ZXPARSE, *map(str, args)], capture_output=True, input=input, check=False)


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


def test_a_trailing_slash_is_a_directory_even_for_one_input(tmp_path):
    r = run("extract", SAMPLE, "-o", f"{tmp_path / 'out'}/")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / f"{SAMPLE.stem}.json").is_file()


def test_same_names_in_a_directory_do_not_overwrite(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    shutil.copy(SAMPLE, tmp_path / "a" / "plan.txt"), shutil.copy(PLANS[0], tmp_path / "b" / "plan.txt")
    run("extract", tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.txt", "-o", f"{tmp_path / 'out'}/")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan-2.json", "plan.json"]


@pytest.mark.parametrize(
    "name,fmt,check",
    [
        ("plan.yaml", None, lambda data: data.startswith(b"schema_version:")),
        ("plan.jsonl", None, lambda data: data.count(b"\n") == 1 and json.loads(data)["meta"]["year"] == 2021),
        ("tasks.xlsx", None, lambda data: data.startswith(b"PK")),
        ("tasks.csv", None, lambda data: data.startswith("\ufeff事项编号,序号".encode())),
        ("tasks.xlsx", "json", lambda data: json.loads(data)["meta"]["year"] == 2021),  # -f wins
        ("tasks.xls", "xlsx", lambda data: data.startswith(b"PK")),  # with -f, the name is the user's
        ("plan", None, lambda data: json.loads(data)["meta"]["year"] == 2021),  # no extension: JSON
    ],
)
def test_format_follows_the_extension_unless_f_says(tmp_path, name, fmt, check):
    out = tmp_path / name
    r = run("extract", SAMPLE, "-o", out, *(["-f", fmt] if fmt else []))
    assert r.returncode == 0, r.stderr
    assert check(out.read_bytes())


@pytest.mark.parametrize("name", ["tasks.xls", "tasks.txt", "tasks.xlsm", "全市任务清单.xls"])
@pytest.mark.parametrize("inputs", [[SAMPLE], PLANS])
def test_an_extension_that_is_no_output_format_is_refused(tmp_path, name, inputs):
    """`-o tasks.xls` wrote JSON into tasks.xls; with several inputs it made a folder `tasks.xls/`."""
    r = run("extract", *inputs, "-o", tmp_path / name)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and list(tmp_path.iterdir()) == []
    assert f"-o {tmp_path / name}: " in r.stderr and ".json, .jsonl, .yaml, .yml, .csv, .xlsx" in r.stderr


def test_several_inputs_to_a_name_without_extension_or_with_f(tmp_path):
    assert run("extract", *PLANS, "-o", tmp_path / "plans").returncode == 0
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == [f"{p.stem}.json" for p in PLANS]
    assert run("extract", *PLANS, "-o", tmp_path / "全市.xls", "-f", "xlsx").returncode == 0
    assert (tmp_path / "全市.xls").read_bytes().startswith(b"PK")  # one workbook, named as asked


def test_standard_input_is_read_once():
    r = run("extract", "-", "-", input=SAMPLE.read_text("utf-8"))
    assert r.returncode == 2 and r.stderr == "zxparse: '-' (standard input) can be read only once\n"


@pytest.mark.parametrize("command", ["extract", "show", "view"])
def test_a_folder_given_as_a_document_points_at_batch(command):
    r = run(command, SAMPLES)
    assert r.returncode == 3 and r.stderr.count("\n") == 1 and "a folder, not a document (`zxparse batch" in r.stderr


def test_format_is_case_insensitive():
    r = run("extract", SAMPLE, "-f", "YAML")
    assert r.returncode == 0 and r.stdout.startswith("schema_version:"), r.stderr


def test_every_format_has_an_extension():
    from zhengxie_parse.cli import Format
    from zhengxie_parse.formats import suffixes

    assert {f.value for f in Format} == {fmt.name for fmt in suffixes().values()}


def test_several_plans_to_stdout_are_one_json_array():
    r = run("extract", *PLANS, SAMPLE)
    plans = json.loads(r.stdout)  # json.load reads it, not only jq
    assert [p["meta"]["year"] for p in plans] == [2022, 2023, 2021]


def test_jsonl_is_one_plan_a_line():
    for args in (["--jsonl"], ["-f", "jsonl"]):
        lines = run("extract", *PLANS, *args).stdout.splitlines()
        assert [json.loads(line)["meta"]["year"] for line in lines] == [2022, 2023]
    assert run("extract", *PLANS, "--jsonl", "-f", "yaml").returncode == 2


def test_several_plans_as_yaml_are_one_list():
    import yaml

    plans = yaml.safe_load(run("extract", *PLANS, "-f", "yaml").stdout)
    assert [p["meta"]["year"] for p in plans] == [2022, 2023]


def test_several_plans_to_one_json_file(tmp_path):
    r = run("extract", *PLANS, "-o", tmp_path / "plans.json")
    assert r.returncode == 0 and len(json.loads((tmp_path / "plans.json").read_text("utf-8"))) == 2


def test_show_prints_the_tree():
    r = run("show", SAMPLE)
    assert r.returncode == 0 and "2.4.1 1、 疫情防控民主监督  → democratic_supervision" in r.stdout


def test_show_gives_leaders_and_time_for_several_files():
    r = run("show", *PLANS)
    assert r.returncode == 0 and r.stdout.count("\n# ") == 1  # two trees, a blank line between
    assert (
        "1.1 1． 关于推进乡村振兴的建议  → thematic_consultation (heading) · 农业和农村委 · 领导 市政协副主席王明 · 时间 6月"
        in r.stdout
    )


def test_show_reads_saved_plans_and_standard_input(tmp_path):
    expected = run("show", PLANS[0]).stdout
    saved = tmp_path / "plan.json"
    run("extract", PLANS[0], "-o", saved)
    assert run("show", saved).stdout == expected
    assert run("show", "-", input=saved.read_text("utf-8")).stdout == expected  # a plan on stdin
    assert run("show", "-", input=PLANS[0].read_text("utf-8")).stdout.replace("# ", "") == expected.replace("# ", "")
    yaml_list = run("extract", *PLANS, "-f", "yaml").stdout
    assert run("show", "-", input=yaml_list).stdout == run("show", *PLANS).stdout


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("bad.json", b'{"meta": 1}', "not a plan"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested deeper than 100 levels"),  # validate's loader
        ("gbk.json", "计划".encode("gbk"), "not UTF-8 text"),
    ],
)
def test_show_refuses_a_file_that_is_not_a_plan(tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    r = run("show", bad)
    assert r.returncode == 5 and r.stderr.count("\n") == 1 and reason in r.stderr and str(bad) in r.stderr


def test_validate_reads_standard_input():
    plan = run("extract", SAMPLE).stdout
    r = run("validate", "-", input=plan)
    assert r.returncode == 0 and r.stdout == ""
    r = run("validate", "-", input=plan.replace('"year": 2021', '"year": "2021"'))
    assert r.returncode == 1 and "-: meta.year: Input should be a valid integer" in r.stdout
    lines = run("extract", *PLANS, "--jsonl").stdout
    assert run("validate", "-", input=lines).returncode == 0
    r = run("validate", "-", input=lines.replace('"months":[6]', '"months":[13]', 1))
    assert r.returncode == 1 and "-: [0].items[0].time.months[0]: Input should be less than or equal to 12" in r.stdout


def test_schema_goes_to_stdout_by_default(tmp_path):
    committed = (SAMPLES.parent / "schemas" / "plan.schema.json").read_text("utf-8")
    r = run("schema", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == committed
    assert list(tmp_path.iterdir()) == []  # nothing written where the user stands
    assert run("schema", "-o", "-", cwd=tmp_path).stdout == committed and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "out,written",
    [
        ("dir", "dir/plan.schema.json"),  # there already
        ("new/", "new/plan.schema.json"),
        ("schemas", "schemas/plan.schema.json"),  # no extension: a folder
        ("my.json", "my.json"),
        ("MY.JSON", "MY.JSON"),
    ],
)
def test_schema_to_a_file_or_directory(tmp_path, out, written):
    (tmp_path / "dir").mkdir()
    r = run("schema", "-o", out, cwd=tmp_path)
    assert r.returncode == 0
    assert (tmp_path / written).read_text("utf-8") == (SAMPLES.parent / "schemas" / "plan.schema.json").read_text(
        "utf-8"
    )


@pytest.mark.parametrize("out", ["s.yaml", "s.txt", "plan.schema.jsn"])
def test_schema_to_a_file_that_is_not_json_is_refused(tmp_path, out):
    r = run("schema", "-o", out, cwd=tmp_path)
    assert r.returncode == 2 and "the schema is JSON" in r.stderr and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", ["pages/", "there"])
def test_view_to_a_folder_writes_the_page_in_it(tmp_path, out):
    """`view -o pages/` wrote a file named `pages`; a folder (named with /, or there already) gets
    the page named after the document, as extract does."""
    (tmp_path / "there").mkdir()
    r = run("view", SAMPLE, "-o", out, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / out / f"{SAMPLE.stem}.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    r = run("view", "-", "-o", out, cwd=tmp_path, input=SAMPLE.read_text("utf-8"))
    assert r.returncode == 0 and (tmp_path / out / "stdin.html").is_file()


@pytest.mark.parametrize("command", ["extract", "batch", "validate", "show", "schema"])
def test_every_command_has_short_help_with_an_example(command):
    r = run(command, "-h")
    assert r.returncode == 0 and "Examples:" in r.stdout and f"zxparse {command}" in r.stdout


@pytest.mark.parametrize(
    "command,usage",
    [
        ("extract", "zxparse extract [OPTIONS] FILES..."),
        ("batch", "zxparse batch [OPTIONS] SOURCE"),
        ("validate", "zxparse validate [OPTIONS] PATHS..."),
        ("show", "zxparse show [OPTIONS] FILES..."),
        ("view", "zxparse view [OPTIONS] FILE"),
        ("schema", "zxparse schema [OPTIONS]"),
        (None, "zxparse [OPTIONS] COMMAND [ARGS]..."),
    ],
)
def test_help_reads_as_the_command_is_typed(command, usage):
    """Not typer's `{files}...`, `<bool>`, `<list[Path]>`: arguments in capitals, an option's value
    by its metavar, a flag by nothing; a paragraph wraps to the terminal, not at the docstring's
    line breaks."""
    env = {**os.environ, "COLUMNS": "250"}
    r = subprocess.run(
        [ZXPARSE, *([command] if command else []), "-h"], capture_output=True, text=True, env=env, check=False
    )
    lines = [" ".join(line.split()) for line in r.stdout.splitlines()]
    assert r.returncode == 0 and f"Usage: {usage}" in lines
    assert not re.search(r"<\w|\{\w", r.stdout), r.stdout
    if command == "batch":
        assert any("exit code 1 if any failed. A batch stopped part-way resumes when run" in line for line in lines)
        assert "│ --jobs -j N|all Worker processes: a number ≥ 1, or all cores. [default: all] │" in lines


def test_a_bad_value_is_said_plainly():
    r = run("extract", SAMPLE, "-f", "pdf")
    assert r.returncode == 2 and "'pdf' is not one of 'json', 'jsonl'" in r.stderr and "Value error" not in r.stderr


def test_batch_summary_counts_in_words(tmp_path):
    r = run("batch", SAMPLE, "-o", tmp_path, "-j", "1")
    assert r.returncode == 0 and re.search(r"zxparse batch: 1 document in \d+\.\d s, 1 worker\n", r.stderr), r.stderr


def test_shell_completion():
    # the shell named, not detected: a test run may have no shell among its parent processes
    named = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    r = subprocess.run([ZXPARSE, "--show-completion", "bash"], capture_output=True, text=True, env=named, check=False)
    assert r.returncode == 0 and "_ZXPARSE_COMPLETE" in r.stdout
    r = subprocess.run(
        [ZXPARSE],
        capture_output=True,
        text=True,
        env={**os.environ, "_ZXPARSE_COMPLETE": "complete_bash", "COMP_WORDS": "zxparse ext", "COMP_CWORD": "1"},
        check=False,
    )
    assert "extract" in r.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["--jobs", "0"], "--jobs 0: give a number of processes ≥ 1, or 'all'"),
        (["--jobs", "-1"], "--jobs -1"),
        (["-j", "many"], "--jobs many"),
        (["-q", "-v"], "do not go together"),
        (["-f", "csv"], "'csv' is not one of"),
    ],
)
def test_batch_usage_errors(tmp_path, args, message):
    r = run("batch", SAMPLE, "-o", tmp_path, *args)
    assert r.returncode == 2 and message in r.stderr and not (tmp_path / "batch-report.json").exists()


def test_batch_jobs_all_and_format_case(tmp_path):
    r = run("batch", SAMPLE, "-o", tmp_path, "--jobs", "all", "-f", "YAML", "-q")
    assert r.returncode == 0 and (tmp_path / f"{SAMPLE.stem}.yaml").is_file()


def test_python_dash_m():
    r = subprocess.run([sys.executable, "-m", "zhengxie_parse", "extract", SAMPLE], capture_output=True, check=False)
    assert r.returncode == 0 and json.loads(r.stdout)["meta"]["year"] == 2021
    r = subprocess.run([sys.executable, "-m", "zhengxie_parse", "-h"], capture_output=True, text=True, check=False)
    assert "Usage: zxparse" in r.stdout


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD97 = (FIXTURES / "formats" / "real_word97.doc").read_bytes()


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
        (_written("plan.pdf", bytes(range(1, 256)) * 8), 5, "not a text file"),  # junk under a PDF's name
        (_written("~$plan.docx", b"\x05owner"), 0, "skipped: Word's lock file"),
        # a Word 97 signature and junk after it, as a .doc and as a renamed .docx: refused before LibreOffice
        (_written("plan.doc", OLE + bytes(range(256)) * 8), 5, "not a readable Word 97–2003 file"),
        (_written("plan.docx", OLE + bytes(range(256)) * 8), 5, "not a readable Word 97–2003 file"),
        (_written("plan.doc", WORD97[:512] + bytes(range(256)) * 8), 5, "not a readable Word 97–2003 file"),
        (_written("cut.doc", WORD97[: len(WORD97) // 2]), 5, "not a readable Word 97–2003 file"),
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


def test_dash_reads_a_word_file_from_standard_input():
    """Standard input has no name: its first bytes say it is a .docx."""
    docx = FIXTURES / "formats" / "chongchuan_2021_consultation_plan.typed.docx"
    r = run_bytes("extract", "-", input=docx.read_bytes())
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["source"]["format"] == "docx" and len(plan["items"]) == 12


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
    r = run("extract", SAMPLE, "--lexicon", tmp_path / "nope.yaml")
    assert r.returncode == 3 and r.stderr == f"zxparse: {tmp_path / 'nope.yaml'}: no such file\n"
    bad.write_bytes("topics:\n  research:\n    terms: [走访]\n".encode("gbk"))
    r = run("extract", SAMPLE, "--lexicon", bad)
    assert r.returncode == 6 and r.stderr.startswith(f"zxparse: {bad}: not UTF-8 text")


def test_version_and_help():
    assert run("--version").stdout.startswith("zxparse ")
    for flag in ("--help", "-h"):
        r = run(flag)
        assert r.returncode == 0 and "Exit codes" in r.stdout and "Examples:" in r.stdout


def in_process(monkeypatch, capsys, *args):
    """`zxparse ARGS` through the console entry point in this process, so a test can inject faults:
    (exit code, stdout, stderr)."""
    from zhengxie_parse import cli

    monkeypatch.setattr(sys, "argv", ["zxparse", *map(str, args)])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return stop.value.code, out, err


def test_the_collector_runs_for_the_documents_and_is_given_back(monkeypatch, capsys):
    """`main` keeps the cyclic collector off while a command loads its modules: it must be on again
    when documents are parsed (a PDF's objects hold cycles a long run must free) and, whatever the
    command, when `main` returns."""
    import gc

    from zhengxie_parse import pipeline

    parse_file, seen = pipeline.parse_file, []

    def parse(*args, **kwargs):
        seen.append(gc.isenabled())
        return parse_file(*args, **kwargs)

    monkeypatch.setattr(pipeline, "parse_file", parse)
    for args in (["--version"], ["stages"], ["extract", "no such file.txt"], ["extract", SAMPLE, SAMPLE]):
        in_process(monkeypatch, capsys, *args)
        assert gc.isenabled(), args
    assert seen == [True] * 3  # the missing file is tried too


def test_a_plan_that_cannot_be_written_fails_alone(tmp_path):
    """The plan's name is over the file system's 255 bytes (its .txt fits): that document fails
    in one line, the next is still written."""
    long = tmp_path / ("长" * 83 + "ab.txt")  # 255 bytes; 'ab.json' would be 256
    shutil.copy(SAMPLE, long)
    other = SAMPLES / "wujiang_2021_work_points_notice.txt"
    r = run("extract", long, other, "-o", tmp_path / "out")
    failed, wrote = r.stderr.splitlines()
    assert r.returncode == 1 and "File name too long" in failed and wrote.startswith("wrote ")
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
    reason = "too large: over 50 MB, the most zxparse reads (limit document_bytes)"
    assert r.returncode == 5 and r.stderr == f"zxparse: {huge}: {reason}\n"
    r = subprocess.run([ZXPARSE, "extract", "-"], input=b"1" * (MAX_INPUT_BYTES + 1), capture_output=True, check=False)
    assert r.returncode == 5 and b"too large" in r.stderr


def test_undecodable_file_name_in_view_and_task_sheets(undecodable_name, tmp_path):
    """`view` of the document and of its saved plan (which records the name as \\xNN) finds the
    document; with no display the page's path is one valid UTF-8 line; a task sheet names it."""
    plan = tmp_path / "plan.json"
    assert run("extract", undecodable_name, "-o", plan).returncode == 0
    for source in (undecodable_name, plan):
        page = tmp_path / "page.html"
        r = run("view", source, "-o", page)
        assert r.returncode == 0 and "未找到" not in page.read_text("utf-8") and 'id="b-0"' in page.read_text("utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([ZXPARSE, "view", undecodable_name], capture_output=True, env=env, check=False)
    assert r.returncode == 0 and "plan-\\xd5\\xfe" in r.stderr.decode("utf-8")  # strict: valid UTF-8
    from urllib.parse import unquote_to_bytes

    os.remove(unquote_to_bytes(r.stderr.split(b"open file://")[1].split(b")")[0]))  # the uri has the bytes
    r = run_bytes("extract", undecodable_name, SAMPLE, "-f", "csv")
    assert r.returncode == 0 and re.search(rb"plan-\\xd5\\xfe.txt,[0-9A-F]{8},1,", r.stdout)
