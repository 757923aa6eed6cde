"""The one writer (atomic.write_file): a file is complete or absent, whatever stops the write."""

import errno
import os
import resource
import subprocess

import pytest
from conftest import SAMPLES
from test_cli import ZXPARSE

from zhengxie_parse import atomic
from zhengxie_parse.atomic import write_file
from zhengxie_parse.errors import OutputError

SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(atomic.TEMP_PREFIX))


def fail_with(code):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def test_write_replaces_the_target(tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    write_file(target, "新的计划".encode())
    assert target.read_text("utf-8") == "新的计划" and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "where,code",
    [
        ("_sync", errno.ENOSPC),  # a full disk that shows only when the data is flushed
        ("_create", errno.EROFS),  # a read-only file system
        ("_create", errno.ENAMETOOLONG),
    ],
)
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, where, code):
    target = tmp_path / "plan.json"
    target.write_text('{"complete": true}', encoding="utf-8")
    monkeypatch.setattr(atomic, where, fail_with(code))
    with pytest.raises(OutputError, match=os.strerror(code)) as err:
        write_file(target, b'{"complete": true, "new": 1}')
    assert err.value.exit_code == 73 and str(target) in str(err.value)
    assert target.read_text("utf-8") == '{"complete": true}' and leftovers(tmp_path) == []


def test_a_writer_that_fails_halfway(tmp_path):
    """The write stops half-way: the disk fills up after part of the file."""
    target = tmp_path / "tasks.xlsx"
    with pytest.raises(OutputError, match="No space left"), atomic.replacing(target) as temp:
        temp.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert not target.exists() and leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_nothing(tmp_path):
    target = tmp_path / "plan.json"
    with pytest.raises(KeyboardInterrupt), atomic.replacing(target) as temp:
        temp.write_text("{", encoding="utf-8")
        raise KeyboardInterrupt
    assert not target.exists() and leftovers(tmp_path) == []


def test_pending_temporaries_are_removed_when_the_process_stops(tmp_path):
    """What a worker does on SIGTERM, or when its batch is gone: its half-written file goes."""
    target = tmp_path / "plan.json"
    with pytest.raises(OutputError), atomic.replacing(target) as temp:
        temp.write_text("{", encoding="utf-8")
        atomic.remove_pending()
        assert leftovers(tmp_path) == []
    assert not target.exists()


def a_file(tmp):
    (tmp / "file").write_text("x", encoding="utf-8")
    return tmp / "file"


@pytest.mark.parametrize(
    "make,reason",
    [
        (a_file, "is a file, not a folder"),
        (lambda tmp: a_file(tmp) / "sub", "cannot create the folder"),
    ],
)
def test_writable_dir(tmp_path, make, reason):
    with pytest.raises(OutputError, match=reason):
        atomic.writable_dir(make(tmp_path))


def test_writable_dir_proves_a_file_can_be_written(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_create", fail_with(errno.EROFS))
    with pytest.raises(OutputError, match="cannot write in this folder"):
        atomic.writable_dir(tmp_path)


def limited(size: int) -> dict:
    """subprocess.run's arguments to run with a file-size limit (`ulimit -f`): a write past it fails
    with EFBIG. Python writes no bytecode there: a .pyc it wrote under the limit would be cut short,
    and every later start of the package would fail to read it."""
    return {
        "preexec_fn": lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size)),
        "env": {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    }


def test_file_size_limit_gives_no_cut_plan(tmp_path):
    target = tmp_path / "plan.json"
    r = subprocess.run(
        [ZXPARSE, "extract", str(SAMPLE), "-o", str(target)],
        **limited(8_000),  # the plan is about 30 KB
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 73 and r.stderr.count("\n") == 1 and "File too large" in r.stderr
    assert not target.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "args,written",
    [
        (["extract", SAMPLE, "-o", "plan.json"], "plan.json"),
        (["extract", SAMPLE, "-o", "tasks.xlsx"], "tasks.xlsx"),
        (["extract", SAMPLE, SAMPLE, "-o", "tasks.csv"], "tasks.csv"),
        (["extract", SAMPLE, "-o", "plans/"], f"plans/{SAMPLE.stem}.json"),
        (["schema", "-o", "schemas/"], "schemas/plan.schema.json"),
    ],
)
def test_every_command_writes_through_the_one_writer(tmp_path, monkeypatch, capsys, args, written):
    """A disk that fills up as the file is flushed: each command's output is absent, never cut."""
    from test_cli import in_process

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(atomic, "_sync", fail_with(errno.ENOSPC))
    code, _, err = in_process(monkeypatch, capsys, *args)
    assert code == 73 and "No space left on device" in err and err.count("\n") == 1
    assert not (tmp_path / written).exists() and not list(tmp_path.rglob(f"{atomic.TEMP_PREFIX}*"))
