"""`zxparse batch` through the installed command: a folder tree with broken files in it."""

import errno
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

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
    (source / "notes.rtf").write_text("not a plan")  # not a format zxparse reads: left out, with the reason
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
    report = documents(out)
    assert report["2021/web/broken.docx"]["status"] == "failed" and report["2021/web/broken.docx"]["exit_code"] == 5
    assert "empty file" in report["2021/web/empty.txt"]["error"]
    assert report["2021/wujiang_2021_work_points_notice.txt"]["items"] == 18
    assert str(tree / "2021" / "web" / "broken.docx") in r.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before  # inputs untouched


def test_every_file_is_a_plan_or_left_out_with_its_reason(tmp_path):
    """A scraped folder: names that mislead are read by their content, the rest left out and named."""
    source, out = tmp_path / "in", tmp_path / "out"
    (source / "sub").mkdir(parents=True)
    text = (SAMPLES / "chongchuan_2021_consultation_plan.txt").read_bytes()
    pdf = (FIXTURES / "formats" / "chongchuan_2021_consultation_plan.pdf").read_bytes()
    page = b"<!DOCTYPE html><html><body><pre>" + text + b"</pre></body></html>"
    files = {
        "page.jsp": page,  # a page saved under the server's name
        "page-as.doc": b"<html xmlns:o='urn:schemas-microsoft-com:office:office'><body><pre>"
        + text
        + b"</pre></body></html>",
        "scan.docx": pdf,  # a PDF named .docx
        "sub/noext": text,  # no extension: text
        "sub/book.xlsx": b"PK\x03\x04" + b"\0" * 26 + b"xl/workbook.xml",
        "sub/old.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "~$page.docx": b"\x05owner",
        "image": b"\x89PNG\r\n\x1a\n\0\0",
        ".hidden.txt": text,
        "notes[b].rtf": b"{\\rtf1 x}",  # a name that rich would read as markup (bold)
    }
    for name, content in files.items():
        (source / name).write_bytes(content)
    (source / "outside.txt").symlink_to(SAMPLES / "chongchuan_2021_consultation_plan.txt")
    (source / "loop").symlink_to(source, target_is_directory=True)
    (source / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    r = run("batch", source, "-o", out, "-j", "1", "--report")
    assert r.returncode == 0, r.stderr
    report = documents(out)
    assert len(report) == len(files) + 3  # every file found, each once
    assert (out / "index.html").read_text("utf-8").count('<tr class="left_out">') == len(report) - 4
    assert {n for n, d in report.items() if d["status"] == "parsed"} == {
        "page.jsp",
        "page-as.doc",
        "scan.docx",
        "sub/noext",
    }
    reasons = {n: d["error"] for n, d in report.items() if d["status"] == "left_out"}
    assert "Word's lock file" in reasons["~$page.docx"] and "hidden file" in reasons[".hidden.txt"]
    assert "workbook" in reasons["sub/book.xlsx"] and ".wps" in reasons["sub/old.wps"]
    assert "binary" in reasons["image"] and "outside the folder read" in reasons["outside.txt"]
    assert "already read" in reasons["loop"] and "broken symlink" in reasons["gone.txt"]
    counts = json.loads((out / "batch-report.json").read_text("utf-8"))["counts"]
    assert counts["parsed"] + counts["left_out"] == len(report)
    assert "left out" in r.stderr and "~$page.docx" in r.stderr and "notes[b].rtf" in r.stderr
    r = run("extract", source / "~$page.docx", source / "sub" / "noext")
    assert r.returncode == 0 and "~$page.docx: skipped: Word's lock file" in r.stderr


def test_a_path_too_long_is_a_row_not_an_abort(tmp_path):
    """Folders nested past PATH_MAX (made through directory descriptors, as a deep archive unpacks)."""
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLES / NOTICE, source)
    fd = os.open(source, os.O_RDONLY)
    try:
        for _ in range(20):  # 20 × 250 characters: past Linux's 4096
            os.mkdir("d" * 250, dir_fd=fd)
            fd, parent = os.open("d" * 250, os.O_RDONLY, dir_fd=fd), fd
            os.close(parent)
        os.close(os.open("plan.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    finally:
        os.close(fd)
    r = run("batch", source, "-o", tmp_path / "out", "-j", "1")
    assert r.returncode == 0, r.stderr
    report = documents(tmp_path / "out")
    assert report[NOTICE]["status"] == "parsed"
    [deep] = [d for d in report.values() if d["status"] == "left_out"]
    assert "cannot be listed" in deep["error"] and "too long" in deep["error"]


def documents(out):
    """name → record of the batch report in `out`."""
    return {r["name"]: r for r in json.loads((out / "batch-report.json").read_text("utf-8"))["documents"]}


def statuses(out):
    return {name: record["status"] for name, record in documents(out).items()}


def test_up_to_date_plans_are_skipped_unless_forced(tree, tmp_path):
    out = tmp_path / "out"
    run("batch", tree, "-o", out, "-q")
    run("batch", tree, "-o", out, "-q")
    assert statuses(out)["2021/wujiang_2021_work_points_notice.txt"] == "skipped"
    run("batch", tree, "-o", out, "-q", "--force")
    assert statuses(out)["2021/wujiang_2021_work_points_notice.txt"] == "parsed"


def test_batch_table_of_every_item(tree, tmp_path):
    """The research tables of a tree with failures in it (test_tables.py checks their content)."""
    table = tmp_path / "corpus.sqlite"
    r = run("batch", tree, "-o", tmp_path / "out", "--table", table, "-j", "2", "-q")
    assert r.returncode == 1
    with sqlite3.connect(table) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 12 + 51 + 10 + 18 + 12
        outcomes = dict(db.execute("SELECT file, state FROM plans").fetchall())
        owned = db.execute("SELECT COUNT(*) FROM item_committees WHERE canonical = 'proposal'").fetchone()[0]
    assert len(outcomes) == 9 and outcomes["2021/web/broken.docx"] == "failed"
    assert outcomes["2021/~$lock.docx"] == outcomes["notes.rtf"] == "left_out"
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


# Reliability: a batch can be stopped at any moment and run again, and never leaves a cut plan
# that a later run would take for up to date.

NOTICE = "wujiang_2021_work_points_notice.txt"


@pytest.fixture
def small(tmp_path):
    source = tmp_path / "small"
    source.mkdir()
    for name in (NOTICE, "chongchuan_2021_consultation_plan.txt"):
        shutil.copy(SAMPLES / name, source)
    return source


def batch_here(source, out, lexicon=()):
    """The batch in this process, one job at a time (no start-up cost): {name: status}."""
    from zhengxie_parse.batch import jobs_for
    from zhengxie_parse.batch import run as run_batch

    return {
        o.name: o.status for o in run_batch(jobs_for(source, out, "json")[0], "json", 1, out, lexicon_paths=lexicon)
    }


def test_a_cut_plan_newer_than_its_document_is_parsed_again(small, tmp_path):
    """What an in-place write left after a kill or a full disk: half a plan, newer than its document."""
    out = tmp_path / "out"
    batch_here(small, out)
    plan = out / "wujiang_2021_work_points_notice.json"
    plan.write_bytes(plan.read_bytes()[:1000])
    assert batch_here(small, out)[NOTICE] == "parsed" and len(json.loads(plan.read_text("utf-8"))["items"]) == 18


def test_a_changed_document_is_parsed_again_whatever_its_time(small, tmp_path):
    out = tmp_path / "out"
    batch_here(small, out)
    document = small / NOTICE
    document.write_bytes(document.read_bytes().replace("政协".encode(), "政协 ".encode(), 1))
    os.utime(document, (0, 0))  # restored from a backup or an archive: older than its plan
    assert batch_here(small, out) == {NOTICE: "parsed", "chongchuan_2021_consultation_plan.txt": "skipped"}
    assert documents(out)[NOTICE]["sha256"] == hashlib.sha256(document.read_bytes()).hexdigest()


def test_another_lexicon_parses_again(small, tmp_path):
    out = tmp_path / "out"
    batch_here(small, out)
    lexicon = tmp_path / "local.yaml"
    lexicon.write_text("fields:\n  lead_unit: [主责委室]\n", encoding="utf-8")
    assert batch_here(small, out, (str(lexicon),))[NOTICE] == "parsed"
    assert batch_here(small, out, (str(lexicon),))[NOTICE] == "skipped"
    assert batch_here(small, out)[NOTICE] == "parsed"


def test_another_build_parses_again(small, tmp_path, monkeypatch):
    """An upgrade (another build of the package's code or data, same version number) re-parses."""
    from zhengxie_parse import batch

    out = tmp_path / "out"
    batch_here(small, out)
    assert set(batch_here(small, out).values()) == {"skipped"}
    monkeypatch.setattr(batch, "build", lambda: "0.1.0+another")
    assert set(batch_here(small, out).values()) == {"parsed"}
    assert json.loads((out / "batch-report.json").read_text("utf-8"))["zxparse"] == "0.1.0+another"


def test_a_rerun_says_how_many_plans_changed(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    plan = source / "plan.txt"
    shutil.copy(FIXTURES / "diff" / "jia_2022.txt", plan)
    assert "changed since" not in run("batch", source, "-o", out, "-j", "1").stderr
    shutil.copy(FIXTURES / "diff" / "jia_2023.txt", plan)  # next year's plan saved over it
    r = run("batch", source, "-o", out, "-j", "1")
    # by stable key: a retitled topic, or one moved under another heading, is one dropped and one added
    assert "changed since the last run: 1 plan (3 items added, 3 dropped, 0 retyped)" in r.stderr
    assert documents(out)["plan.txt"]["changes"] == {"added": 3, "dropped": 3, "retyped": 0}


def test_version_names_the_build():
    from zhengxie_parse.build import build_id

    r = run("-V")
    assert r.returncode == 0 and r.stdout.strip() == f"zxparse 0.1.0 (build {build_id()})"


def test_a_report_of_another_kind_is_no_record(small, tmp_path):
    """A report that does not load, or comes from another zxparse, vouches for no plan."""
    out = tmp_path / "out"
    batch_here(small, out)
    report = out / "batch-report.json"
    data = json.loads(report.read_text("utf-8"))
    report.write_text(json.dumps({**data, "zxparse": "0.0.1"}), encoding="utf-8")
    assert set(batch_here(small, out).values()) == {"parsed"}
    report.write_text(json.dumps(data["documents"]), encoding="utf-8")  # the old list of records
    assert set(batch_here(small, out).values()) == {"parsed"}
    assert set(batch_here(small, out).values()) == {"skipped"}


def test_output_problems_stop_the_batch_before_parsing(tree, tmp_path, monkeypatch, capsys):
    from test_atomic import fail_with
    from test_cli import in_process

    from zhengxie_parse import atomic, pipeline

    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    r = run("batch", tree, "-o", taken)
    assert r.returncode == 73 and r.stderr == f"zxparse: {taken}: is a file, not a folder\n"
    (tmp_path / "dir.csv").mkdir()
    r = run("batch", tree, "-o", tmp_path / "out", "--table", tmp_path / "dir.csv")
    assert r.returncode == 73 and r.stderr == f"zxparse: {tmp_path / 'dir.csv'}: is a folder, not a file\n"
    monkeypatch.setattr(pipeline, "parse_file", lambda *a: pytest.fail("parsed before the output was checked"))
    monkeypatch.setattr(atomic, "_create", fail_with(errno.EROFS))
    code, _, err = in_process(monkeypatch, capsys, "batch", tree, "-o", tmp_path / "ro")
    assert code == 73 and err == f"zxparse: {tmp_path / 'ro'}: cannot write in this folder (Read-only file system)\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(tree, tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    r = run("batch", tree, "-o", out)
    assert r.returncode == 73 and r.stderr == f"zxparse: {out}: cannot write in this folder (Permission denied)\n"


def test_a_full_disk_stops_the_batch_at_once_and_keeps_the_last_report(small, tmp_path, monkeypatch, capsys):
    """ENOSPC: the report written as the batch starts fails, so nothing is parsed in vain."""
    from test_atomic import fail_with
    from test_cli import in_process

    from zhengxie_parse import atomic, pipeline

    out = tmp_path / "out"
    batch_here(small, out)
    report = (out / "batch-report.json").read_text("utf-8")
    monkeypatch.setattr(atomic, "_sync", fail_with(errno.ENOSPC))
    monkeypatch.setattr(pipeline, "parse_file", lambda *a: pytest.fail("parsed although nothing can be written"))
    code, _, err = in_process(monkeypatch, capsys, "batch", small, "-o", out, "-q", "--force", "-j", "1")
    assert code == 73 and err == f"zxparse: {out / 'batch-report.json'}: cannot write (No space left on device)\n"
    assert (out / "batch-report.json").read_text("utf-8") == report  # the last report, whole
    assert not list(out.rglob(".zxparse-*"))


def test_file_size_limit_in_a_batch(small, tmp_path):
    """`ulimit -f`: plans over the limit fail, whole or absent; the small report is written; a run
    without the limit makes them."""
    from test_atomic import limited
    from test_cli import ZXPARSE

    out = tmp_path / "out"
    command = [ZXPARSE, "batch", str(small), "-o", str(out), "-q", "-j", "2"]
    r = subprocess.run(command, **limited(12_000), capture_output=True, text=True, check=False)
    plan = out / "wujiang_2021_work_points_notice.json"
    assert r.returncode == 1 and f"{small / NOTICE}: {plan}: cannot write (File too large)" in r.stderr
    assert documents(out)[NOTICE]["exit_code"] == 73 and not plan.exists()
    assert not list(out.rglob(".zxparse-*"))
    subprocess.run(command, check=True)
    assert statuses(out)[NOTICE] == "parsed"


@pytest.mark.parametrize("out", ["in/out", "in"])
def test_a_batch_does_not_read_its_own_output(tmp_path, out):
    """OUT inside IN (or IN itself): run twice, the second run reads the same documents, not the
    first run's review pages and index (.html) or its tables."""
    source = tmp_path / "in"
    source.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(sample, source)
    for _ in range(2):
        r = run("batch", source, "-o", tmp_path / out, "--report", "--table", source / "corpus.csv", "-q", "-j", "1")
        assert r.returncode == 0, r.stderr
        assert sorted(documents(tmp_path / out)) == sorted(p.name for p in SAMPLES.glob("*.txt"))[:2]
    assert (tmp_path / out / "index.html").is_file()


def test_undecodable_file_names_round_trip(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    name = os.fsdecode(b"plan-\xd5\xfe.txt")  # 政 in GBK
    try:
        shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", source / name)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    r = run("batch", source, "-o", tmp_path / "out", "-q")
    assert r.returncode == 0, r.stderr
    assert os.fsencode(tmp_path / "out" / "plan-\udcd5\udcfe.json") in [
        os.fsencode(p) for p in (tmp_path / "out").iterdir()
    ]  # the plan's name has the document's bytes
    report = json.loads((tmp_path / "out" / "batch-report.json").read_bytes().decode("utf-8"))
    assert report["documents"][0]["name"] == "plan-\\xd5\\xfe.txt" and report["documents"][0]["status"] == "parsed"
    assert batch_here(source, tmp_path / "out") == {"plan-\\xd5\\xfe.txt": "skipped"}


@pytest.fixture
def many(tmp_path):
    """A batch that runs for a while: 240 documents."""
    source = tmp_path / "many"
    source.mkdir()
    for n in range(60):
        for sample in SAMPLES.glob("*.txt"):
            shutil.copy(sample, source / f"{sample.stem}_{n}.txt")
    return source


def children(pid):
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    """Alive and not a zombie: a zombie has exited; nobody may reap an orphan in a container."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def started_batch(source, out):
    """`batch --jobs 2`, once its workers have written a first plan."""
    from test_cli import ZXPARSE

    batch = subprocess.Popen(
        [ZXPARSE, "batch", str(source), "-o", str(out), "-j", "2", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: any(p.name != "batch-report.json" for p in out.glob("*.json")), 120)
    workers = children(batch.pid)
    assert len(workers) >= 2
    return batch, workers


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_batch_stops_its_workers_and_reports(many, tmp_path, stop):
    out = tmp_path / "out"
    batch, workers = started_batch(many, out)
    batch.send_signal(stop)
    _, err = batch.communicate(timeout=60)
    assert batch.returncode == 128 + stop
    assert err.count("\n") == 1 and f"stopped by {stop.name} after" in err and "Traceback" not in err
    assert wait_for(lambda: not any(map(running, workers)), 15)
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    assert report["state"] == "interrupted" and report["counts"]["not_done"] > 0
    assert sum(report["counts"].values()) == 240
    assert not list(out.rglob(".zxparse-*"))
    for plan in out.glob("*.json"):
        json.loads(plan.read_text("utf-8"))  # whole
    # Run again: what was done is skipped, the rest is done (all but two of the rest removed, to be quick)
    not_done = [doc["name"] for doc in report["documents"] if doc["status"] == "not_done"]
    for name in not_done[2:]:
        (many / name).unlink()
    run("batch", many, "-o", out, "-q")
    counts = json.loads((out / "batch-report.json").read_text("utf-8"))["counts"]
    assert counts == {"parsed": 2, "skipped": report["counts"]["parsed"], "failed": 0, "left_out": 0, "not_done": 0}


def test_a_stopped_batch_writes_the_tables_of_what_it_did(small, tmp_path, monkeypatch, capsys):
    """Ctrl-C once the first document is done: the tables hold it, and the document not reached is
    a plans row marked not_done, which the stop says."""
    from test_cli import in_process

    from zhengxie_parse import batch

    write = batch._BatchReport.write

    def stopped_after_the_first(report, jobs, done, state, checkpoint=False):
        write(report, jobs, done, state, checkpoint)
        if done and state == "running":
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(batch._BatchReport, "write", stopped_after_the_first)
    table = tmp_path / "corpus.sqlite"
    args = ("batch", small, "-o", tmp_path / "out", "-j", "1", "-q", "--table", table)
    code, _, err = in_process(monkeypatch, capsys, *args)
    assert code == 130 and "stopped by SIGINT after 1 of 2 documents" in err
    assert f"{table}: written with what was done (1 of 2); the rest are not_done in it" in err
    plans = sqlite3.connect(table).execute("SELECT file, state, item_count FROM plans ORDER BY file").fetchall()
    assert plans == [("chongchuan_2021_consultation_plan.txt", "parsed", 12), (NOTICE, "not_done", None)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_of_a_killed_batch_exit(many, tmp_path):
    batch, workers = started_batch(many, tmp_path / "out")
    batch.kill()  # kill -9: the batch can do nothing; its workers notice
    batch.communicate()
    assert wait_for(lambda: not any(map(running, workers)), 15)
    assert not list((tmp_path / "out").rglob(".zxparse-*"))


@pytest.fixture(scope="module")
def slow_page(tmp_path_factory):
    """An HTML page within every limit that holds libxml2, in C, for half a minute: 40 MB of
    elements with 1,000 attributes each (the most allowed), which it compares pairwise."""
    element = "<p " + " ".join(f"a{n}=1" for n in range(1000)) + ">政协</p>\n"
    page = tmp_path_factory.mktemp("slow") / "in" / "slow.html"
    page.parent.mkdir()
    page.write_text("<html><body>" + element * (40_000_000 // len(element)) + "</body></html>", "utf-8")
    return page.parent


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_one_job_batch_inside_a_c_library_stops_within_a_second(slow_page, tmp_path, stop):
    """`--jobs 1` parses in a worker process too, so the batch acts on the signal at once and kills
    the worker it cannot interrupt, and writes its report."""
    from test_cli import ZXPARSE

    out = tmp_path / "out"
    command = [ZXPARSE, "batch", str(slow_page), "-o", str(out), "-j", "1", "-q"]
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: (out / "batch-report.json").exists(), 60)
    time.sleep(3)  # the page is read and its tags counted (a second); libxml2 parses it for longer
    workers = children(batch.pid)
    assert len(workers) == 1
    sent = time.monotonic()
    batch.send_signal(stop)
    _, err = batch.communicate(timeout=30)
    assert time.monotonic() - sent < 3  # 0.8 s of grace, then the worker is killed; slack for a busy machine
    assert batch.returncode == 128 + stop and f"stopped by {stop.name} after 0 of 1 documents" in err
    assert wait_for(lambda: not any(map(running, workers)), 5)
    report = json.loads((out / "batch-report.json").read_text("utf-8"))
    assert report["state"] == "interrupted" and report["counts"]["not_done"] == 1


def test_a_runaway_lexicon_pattern_fails_that_document_alone(small, tmp_path, monkeypatch):
    from test_lexicon import HOSTILE, RUNAWAY

    from zhengxie_parse import lexicon

    monkeypatch.setattr(lexicon, "PATTERN_SECONDS", 0.2)
    (small / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    local = tmp_path / "local.yaml"
    local.write_text(f"noise:\n  lines: ['{RUNAWAY}']\n", encoding="utf-8")
    assert batch_here(small, tmp_path / "out", (str(local),)) == {
        "chongchuan_2021_consultation_plan.txt": "parsed",
        "hostile.txt": "failed",
        NOTICE: "parsed",
    }
    failed = documents(tmp_path / "out")["hostile.txt"]
    assert failed["exit_code"] == 6 and failed["error"].startswith(f"{local}: a pattern in 'noise' ran over 0.2 s")


class _NoCopy(dict):
    """Research-table rows that fail the test if anything copies them."""

    def __deepcopy__(self, memo):
        raise AssertionError("a checkpoint copied a document's rows")

    def __copy__(self):
        raise AssertionError("a checkpoint copied a document's rows")


def test_a_checkpoint_writes_each_entry_once_and_never_copies_rows(tmp_path):
    from zhengxie_parse.batch import Job, Outcome, _BatchReport

    jobs = [Job(tmp_path / f"{n}.txt", tmp_path / f"{n}.json", f"{n}.txt") for n in range(3)]
    report = _BatchReport(tmp_path / "batch-report.json", "f" * 64)
    report.write(jobs, {}, "running")
    first = json.loads(report.path.read_text("utf-8"))
    assert first["counts"]["not_done"] == 3 and [d["status"] for d in first["documents"]] == ["not_done"] * 3
    done = {"0.txt": Outcome("0.txt", "0.txt", "0.json", "parsed", "a" * 64, items=80, rows=_NoCopy(plans=[{}]))}
    report.write(jobs, done, "running")
    text = report.path.read_text("utf-8")
    data = json.loads(text)
    assert data["counts"] == {"parsed": 1, "skipped": 0, "failed": 0, "left_out": 0, "not_done": 2}
    assert data["documents"][0]["items"] == 80 and "rows" not in data["documents"][0]
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # laid out as json.dumps lays it out
    report.write([], {}, "finished")
    assert json.loads(report.path.read_text("utf-8"))["documents"] == []
