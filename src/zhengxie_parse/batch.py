"""Batch conversion: a folder tree of documents → a mirrored tree of plans, on every core.

One bad file never stops the batch: its failure is recorded (in the summary and in
`batch-report.json` beside the outputs) and the rest go on. A plan newer than its document is
up to date and skipped unless forced. Each worker process loads the lexicon once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from .errors import EXIT_INTERNAL, ZxError
from .read import EXTENSIONS, reader

REPORT = "batch-report.json"
CHUNK = 4  # documents per round trip to a worker


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path
    name: str  # the document's path relative to the batch root, as shown to the user


@dataclass
class Outcome:
    name: str  # relative to the batch root
    path: str  # the document, as the user named it
    output: str
    status: str  # ok | skipped | failed
    items: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str | None = None
    exit_code: int = 0
    rows: list[list[str]] = field(default_factory=list)  # task-sheet rows, when a table is wanted
    plan_row: list[str] = field(default_factory=list)  # the plans table's row, when a table is wanted
    profile: dict | None = None  # what the corpus report shows of the plan, when a report is wanted


def discover(root: Path) -> list[Path]:
    """Documents under `root` (or `root` itself), sorted; hidden files and Word's '~$' lock files
    are not documents."""
    if root.is_file():
        return [root]
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in EXTENSIONS
        and not path.name.startswith(("~$", "."))
        and not any(part.startswith(".") for part in path.relative_to(root).parts[:-1])
    )


def jobs_for(root: Path, out: Path, fmt: str) -> list[Job]:
    """One job per document, its plan at the same relative place under `out`: 'a/plan.docx' →
    'a/plan.json', or 'a/plan.docx.json' when 'a/plan.pdf' is there too."""
    sources = discover(root)
    base = root if root.is_dir() else root.parent
    stems: dict[Path, int] = {}
    for path in sources:
        key = path.relative_to(base).with_suffix("")
        stems[key] = stems.get(key, 0) + 1
    jobs = []
    for path in sources:
        rel = path.relative_to(base)
        name = rel.with_suffix(f".{fmt}") if stems[rel.with_suffix("")] == 1 else rel.with_name(f"{rel.name}.{fmt}")
        jobs.append(Job(path, out / name, rel.as_posix()))
    return jobs


def up_to_date(job: Job) -> bool:
    return job.target.is_file() and job.target.stat().st_mtime >= job.source.stat().st_mtime


_LEXICON = None
_LEXICON_PATHS: tuple[str, ...] | None = None


def _init_worker(lexicon_paths: tuple[str, ...]) -> None:
    """Load the pipeline and the lexicon once per process. The parent does it before the pool
    starts, so workers forked from it (Linux) start warm and skip this."""
    global _LEXICON, _LEXICON_PATHS
    if _LEXICON_PATHS == lexicon_paths:
        return
    from . import pipeline  # noqa: F401 — imported here so that forked workers inherit it
    from .lexicon import load_lexicon

    _LEXICON, _LEXICON_PATHS = load_lexicon(*lexicon_paths), lexicon_paths
    _LEXICON.words("")  # jieba's dictionary, loaded before the fork


def run_job(job: Job, fmt: str, force: bool, want_rows: bool, report: Path | None = None) -> Outcome:
    """Parse one document and write its plan (and, for a report rooted at `report`, its review
    page); never raises."""
    from .export import batch_rows, plan_row, warnings_in
    from .output import render
    from .pipeline import parse_blocks
    from .read import read

    outcome = Outcome(job.name, str(job.source), str(job.target), "ok")
    started = time.perf_counter()
    plan = blocks = None
    try:
        if not force and up_to_date(job):
            outcome.status = "skipped"
            plan = _load_plan(job.target) if want_rows or report else None
        else:
            source, blocks = read(job.source, _LEXICON)
            plan = parse_blocks(source, blocks, _LEXICON)
            job.target.parent.mkdir(parents=True, exist_ok=True)
            job.target.write_text(render(plan, fmt), encoding="utf-8")
        if plan is not None:
            outcome.items = len(plan.items)
            outcome.warnings = warnings_in(plan)
            outcome.rows = batch_rows(plan, job.name) if want_rows else []
            if report is not None:
                from .report import write_review

                outcome.profile = write_review(report, job.target, plan, blocks, _LEXICON)
    except ZxError as exc:
        outcome.status, outcome.error, outcome.exit_code = "failed", exc.reason, exc.exit_code
    except Exception as exc:  # noqa: BLE001 — a bug on one document must not lose the batch
        outcome.status, outcome.exit_code = "failed", EXIT_INTERNAL
        outcome.error = f"internal error: {exc.__class__.__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    if want_rows:
        outcome.plan_row = plan_row(plan, job.name, outcome.status, outcome.error)
    return outcome


def _load_plan(path: Path):
    from .models import Plan
    from .output import load_data

    return Plan.model_validate(load_data(path.read_text("utf-8"), path.suffix))


def run(
    jobs: list[Job],
    fmt: str,
    workers: int,
    force: bool = False,
    want_rows: bool = False,
    lexicon_paths: tuple[str, ...] = (),
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    report: Path | None = None,
) -> list[Outcome]:
    """Run every job, `workers` at a time; outcomes come back in the order of `jobs`. With `report`
    (the output folder), each plan's review page is written under it."""
    results: dict[Job, Outcome] = {}
    for job, outcome in _execute(jobs, fmt, workers, force, want_rows, lexicon_paths, report):
        results[job] = outcome
        on_done(outcome)
    return [results[job] for job in jobs]


def _execute(jobs, fmt, workers, force, want_rows, lexicon_paths, report) -> Iterator[tuple[Job, Outcome]]:
    _init_worker(lexicon_paths)
    for input_format in {EXTENSIONS[job.source.suffix.lower()] for job in jobs}:
        reader(input_format)  # import each needed reader (pdfplumber, python-docx) once, before workers fork
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield job, run_job(job, fmt, force, want_rows, report)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(lexicon_paths,)) as pool:
        # Jobs go out a few at a time: one round trip per document costs more than a small plan.
        outcomes = pool.map(
            partial(run_job, fmt=fmt, force=force, want_rows=want_rows, report=report), jobs, chunksize=CHUNK
        )
        yield from zip(jobs, outcomes, strict=True)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def write_report(out: Path, outcomes: list[Outcome]) -> Path:
    path = out / REPORT
    out.mkdir(parents=True, exist_ok=True)
    records = [{k: v for k, v in asdict(o).items() if k not in ("rows", "plan_row", "profile")} for o in outcomes]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
