"""What a new user hits on the first day: a line for every file written, help on stderr for a usage
error, a closed pipe that ends quietly, whatever the command."""

from __future__ import annotations

import subprocess

import pytest
from conftest import SAMPLES
from test_cli import ZXPARSE, run

SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"


def test_one_line_per_file_written(tmp_path):
    r = run("extract", SAMPLE, "-o", tmp_path / "tasks.xlsx")
    assert r.returncode == 0 and r.stderr == f"wrote {tmp_path / 'tasks.xlsx'} (12 items)\n"
    r = run("extract", SAMPLE, SAMPLES / "wujiang_2021_work_points_notice.txt", "-o", f"{tmp_path / 'plans'}/")
    assert r.stderr.splitlines() == [
        f"wrote {tmp_path / 'plans' / 'chongchuan_2021_consultation_plan.json'} (12 items)",
        f"wrote {tmp_path / 'plans' / 'wujiang_2021_work_points_notice.json'} (18 items)",
    ]
    r = run("batch", SAMPLE, "-o", tmp_path / "out", "--table", tmp_path / "corpus.sqlite")
    assert r.stderr.splitlines()[-1] == f"zxparse: tables: {tmp_path / 'corpus.sqlite'}"
    r = run("view", SAMPLE, "-o", tmp_path / "page.html")
    assert r.stderr == f"wrote {tmp_path / 'page.html'}\n"
    r = run("schema", "-o", tmp_path / "plan.schema.json")
    assert r.stderr == f"wrote {tmp_path / 'plan.schema.json'}\n"


def test_no_command_prints_help_on_stderr():
    r = run()
    assert r.returncode == 2 and not r.stdout and "Usage: zxparse" in r.stderr and "extract" in r.stderr


def test_usage_error_on_stderr_names_the_help():
    r = run("extract", "--no-such-option", SAMPLE)
    assert r.returncode == 2 and not r.stdout
    assert r.stderr.splitlines()[1:] == [
        "zxparse: no such option: --no-such-option",
        "Try 'zxparse extract -h' for help.",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["extract", SAMPLE],
        ["show", SAMPLE],
        ["view", SAMPLE, "-o", "-"],
        ["schema"],
    ],
    ids=lambda a: a[0],
)
def test_closed_pipe_ends_quietly(args):
    """`zxparse … | head`: the reader is gone before zxparse writes; it stops with exit code 0 and says
    nothing."""
    process = subprocess.Popen([ZXPARSE, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before the interpreter has even started
    err = process.stderr.read().decode()
    process.wait()
    assert process.returncode == 0 and err == ""
