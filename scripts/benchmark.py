"""Measure what users wait for: startup, one extract, and batch throughput on one core vs all.

    python scripts/benchmark.py [--docs 520] [--repeat 5]

Prints a Markdown table (the README's "Speed" figures come from it). Timings are wall-clock,
best of --repeat runs, through the installed `zxparse` command, as a user runs it.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
FORMATS = ROOT / "tests" / "fixtures" / "formats"
ZXPARSE = shutil.which("zxparse") or str(Path(sys.executable).with_name("zxparse"))
HEAVY = ("pydantic", "jieba", "pdfplumber", "pdfminer", "docx", "lxml", "openpyxl", "yaml", "regex")
STARTUP_CHECK = """
import contextlib, io, sys
heavy = set(sys.argv[1:])
sys.argv = ["zxparse", "--help"]
from zhengxie_parse.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & heavy)))
"""


def best(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def heavy_modules_at_startup() -> str:
    r = subprocess.run([sys.executable, "-c", STARTUP_CHECK, *HEAVY], capture_output=True, text=True, check=False)
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""


_ARABIC = re.compile(r"^(\d{1,2})[、.．]", re.MULTILINE)
_SECTION = re.compile(r"^(?=[一二三四五六七八九十]{1,2}、)", re.MULTILINE)


def varied(text: str, n: int) -> str:
    """Sample `text`, varied by `n`: another year; every other one renumbered ('1、' ↔ '1．');
    every third with its sections in another order."""
    text = text.replace("2021", str(2000 + n % 30))
    if n % 2:
        text = _ARABIC.sub(lambda m: m.group(1) + ("．" if n % 4 == 1 else "、"), text)
    if n % 3 == 0:
        head, *sections = _SECTION.split(text)
        text = head + "".join(sections[1:] + sections[:1])
    return text


def make_corpus(folder: Path, count: int) -> None:
    """`count` documents: the samples varied, a quarter of them GBK-encoded, and one in ten a .docx
    or .pdf fixture."""
    extra = [p for p in FORMATS.iterdir() if p.suffix in (".docx", ".pdf") and not p.name.startswith("bad_")]
    for n in range(count):
        if n % 10 == 9 and extra:
            source = extra[n // 10 % len(extra)]
            shutil.copy(source, folder / f"{n:04d}{source.suffix}")
            continue
        text = varied(SAMPLES[n % len(SAMPLES)].read_text("utf-8"), n)
        (folder / f"{n:04d}.txt").write_bytes(text.encode("gb18030" if n % 4 == 2 else "utf-8"))


def batch_seconds(corpus: Path, out: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run([ZXPARSE, "batch", corpus, "-o", out, "--jobs", str(jobs), "--force", "-q"], check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=520)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows = [
        ("`zxparse --help`", f"{best([ZXPARSE, '--help'], args.repeat):.2f} s"),
        ("`zxparse --version`", f"{best([ZXPARSE, '--version'], args.repeat):.2f} s"),
        ("heavy modules imported by `--help`", heavy_modules_at_startup() or "none"),
    ]
    largest = max(SAMPLES, key=lambda p: p.stat().st_size)
    for path in (largest, FORMATS / f"{largest.stem}.typed.docx", FORMATS / f"{largest.stem}.pdf"):
        seconds = best([ZXPARSE, "extract", str(path)], args.repeat)
        rows.append((f"`zxparse extract` {path.suffix} ({path.stat().st_size // 1024} KB)", f"{seconds:.2f} s"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.docs)
        one = batch_seconds(corpus, Path(tmp) / "out1", 1)
        every = batch_seconds(corpus, Path(tmp) / "outN", cores)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows += [
        (f"batch of {args.docs} documents, 1 job", f"{one:.1f} s ({args.docs / one:.0f} docs/s)"),
        (f"batch of {args.docs} documents, {cores} jobs", f"{every:.1f} s ({args.docs / every:.0f} docs/s)"),
        ("speed-up, all cores vs one", f"{one / every:.2f}×"),
        ("peak memory of one process", f"{peak:.0f} MB"),
    ]
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
