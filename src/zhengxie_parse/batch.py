"""Batch conversion: a folder tree of documents → a mirrored tree of plans, on every core.

One bad file never stops the batch: its failure is recorded (in the summary and in
`batch-report.json` beside the outputs) and the rest go on. Each worker process loads the lexicon
once.

A batch can be stopped at any moment and run again. Plans are written whole or not at all; the
report is written when the batch starts, every few seconds and when it ends — interrupted included
— with what was done and what was not. A plan is up to date, and skipped, only when the report
says this zxparse and this lexicon made it from the document as it is now (its sha256) and the plan
still loads and says the same. Workers stop with the batch: on SIGTERM or Ctrl-C the batch stops
them, and a worker whose batch was killed outright exits by itself.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import remove_pending, write_file
from .batch_files import BATCH_REPORT, CORPUS_INDEX, REVIEW_FOLDER, review_page_name
from .build import build
from .errors import EXIT_INTERNAL, Interrupted, UnsupportedFormat, ZxError, shown
from .output import document
from .read import EXTENSIONS, HEAD_BYTES, LOCK_FILE, claimed_format, is_lock_file, reader
from .saved_plans import load_plans

if TYPE_CHECKING:  # the pipeline is imported when a batch runs, not when it starts
    from .document import Options
CHUNK = 4  # documents per round trip to a worker
CHECKPOINT_SECONDS = 5.0  # the report is rewritten at most this often while the batch runs
WATCH_SECONDS = 0.5  # how often a worker checks that its batch is still there
GRACE_SECONDS = 0.8  # how long a stopped batch waits for its workers to end before it kills them
STATUSES = ("parsed", "skipped", "failed", "left_out", "not_done")


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path
    name: str  # the document's path relative to the batch root, as shown to the user
    recorded: str | None = None  # sha256 of the input the plan at `target` was made from, per the last report


@dataclass
class Outcome:
    name: str  # relative to the batch root
    path: str  # the document, as the user named it
    output: str
    status: str  # parsed | skipped | failed | left_out | not_done
    sha256: str | None = None  # of the document the plan at `output` was made from
    items: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str | None = None
    exit_code: int = 0
    changes: dict | None = None  # items added, dropped, retyped since the plan it replaced, when any were
    rows: dict = field(default_factory=dict)  # the document's research-table rows, when a table is wanted
    profile: dict | None = None  # what the corpus report shows of the plan, when a report is wanted


def discover(root: Path, leave_out: tuple[Path, ...] = ()) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file under `root` (or `root` itself), sorted, as documents to read and the files left
    out with the reason; what is under `leave_out` (paths relative to `root`: the batch's own output)
    is neither. Hidden files and folders, Word's '~$' lock files and files of no format zxparse
    reads are left out. Symlinks are followed while they stay inside `root`; one that leads out of it,
    is broken, or loops back to a folder already walked is left out and named. A folder that cannot
    be listed (no permission, a path longer than the system allows) is left out, not the batch."""
    if not root.is_dir():
        return ([], [(root, LOCK_FILE)]) if is_lock_file(root) else ([root], [])
    documents: list[Path] = []
    left: list[tuple[Path, str]] = []
    inside, own = root.resolve(), {os.path.abspath(root / path) for path in leave_out}
    walked: set[Path] = set()
    folders, linked = [root], []  # folders linked to are walked last, so that each is walked where it is
    while folders or linked:
        folder = folders.pop() if folders else linked.pop()
        real = folder.resolve()
        if real in walked:
            left.append((folder, f"symlink to a folder already read ({shown(real)}): not followed again"))
            continue
        walked.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name, reverse=True)
        except OSError as exc:
            left.append((folder, f"folder cannot be listed ({exc.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if os.path.abspath(path) in own:
                continue
            try:
                reason = _left_out_why(path, entry, inside)
            except OSError as exc:
                reason = f"cannot be read ({exc.strerror})"
            if reason == _FOLDER:
                (linked if entry.is_symlink() else folders).append(path)
            elif reason is None:
                documents.append(path)
            else:
                left.append((path, reason))
    return sorted(documents), sorted(left)


_FOLDER = "folder"  # _left_out_why's answer for a folder to walk


def _left_out_why(path: Path, entry: os.DirEntry, inside: Path) -> str | None:
    """Why the file at `entry` is no document (None: it is one), or _FOLDER for a folder to walk."""
    if entry.name.startswith("."):
        return "hidden " + ("folder" if entry.is_dir() else "file")
    if entry.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symlink, or one that loops"
        if not target.is_relative_to(inside):
            return f"symlink to {shown(target)}, outside the folder read: not followed"
    if entry.is_dir():
        return _FOLDER
    if not entry.is_file():
        return "not a regular file (a pipe, a socket or a device)"
    if is_lock_file(path):
        return LOCK_FILE
    if path.suffix.lower() not in EXTENSIONS:
        with path.open("rb") as file:
            try:
                claimed_format(path, file.read(HEAD_BYTES))
            except UnsupportedFormat as exc:
                return exc.reason
    return None


def own_files(root: Path, out: Path) -> tuple[Path, ...]:
    """What a batch from `root` to `out` writes inside `root`, relative to it: all of `out` when it is
    a folder inside the input (`batch plans -o plans/out` would else read its own review pages and
    index as documents on the next run), the report's pages when input and output are one folder."""
    root, out = root.resolve(), out.resolve()
    if out == root:
        return (Path(REVIEW_FOLDER), Path(CORPUS_INDEX), Path(BATCH_REPORT))
    return (out.relative_to(root),) if out.is_relative_to(root) else ()


# How each file a batch writes begins (within its first KB): a plan (JSON or YAML), the batch report,
# a page (its generator tag). A file at one of its paths that shows none of these is not zxparse's.
_OURS = (b'"schema_version"', b"schema_version:", b'"zxparse":', b'<meta name="generator" content="zxparse')


def not_ours(root: Path, out: Path, jobs: list[Job], pages: bool) -> Path | None:
    """When `out` is inside the input folder `root` (or is it), the first file the batch would
    overwrite there that zxparse did not write — a user's own index.html, review/*.html or plan.json;
    None when there is none. Elsewhere, `out` is zxparse's to write."""
    if not root.is_dir() or not out.resolve().is_relative_to(root.resolve()):
        return None
    paths = [out / BATCH_REPORT, *(job.target for job in jobs)]
    if pages:
        paths += [out / CORPUS_INDEX, *(out / review_page_name(out, job.target) for job in jobs)]
    for path in paths:
        try:
            with path.open("rb") as file:
                head = file.read(1024)
        except OSError:
            continue  # not there (or not a file: its writer says so)
        if not any(mark in head for mark in _OURS):
            return path
    return None


def jobs_for(root: Path, out: Path, fmt: str, tables: tuple[Path, ...] = ()) -> tuple[list[Job], list[Outcome]]:
    """One job per document, its plan at the same relative place under `out`: 'a/plan.docx' →
    'a/plan.json', or 'a/plan.docx.json' when 'a/plan.pdf' is there too (or when the plan would
    be the batch's report); and the outcome of each file left out, with its reason. The batch's
    `tables`, when inside `root`, are its own output too."""
    sources, left = discover(root, (*own_files(root, out), *tables) if root.is_dir() else ())
    base = root if root.is_dir() else root.parent
    stems: dict[Path, int] = {}
    for path in sources:
        key = path.relative_to(base).with_suffix("")
        stems[key] = stems.get(key, 0) + 1
    jobs = []
    for path in sources:
        rel = path.relative_to(base)
        short = rel.with_suffix(f".{fmt}")
        unique = stems[rel.with_suffix("")] == 1 and short != Path(BATCH_REPORT)
        name = short if unique else rel.with_name(f"{rel.name}.{fmt}")
        jobs.append(Job(path, out / name, shown(rel.as_posix())))
    plans = {job.target for job in jobs}  # out = root: the plans of the last run are beside their documents
    left_out = [
        Outcome(shown(path.relative_to(base).as_posix()), shown(path), "", "left_out", error=reason)
        for path, reason in left
        if out / path.relative_to(base) not in plans
    ]
    return jobs, left_out


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


def _start_worker(lexicon_paths: tuple[str, ...]) -> None:
    """A worker leaves Ctrl-C to its batch (the terminal sends it to the whole process group), ends
    at once on SIGTERM, and watches that its batch is still there."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _quit)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    _init_worker(lexicon_paths)


def _watch_parent(parent: int) -> None:
    """A batch killed outright (kill -9) cannot stop its workers: each notices that its parent is
    gone and exits, instead of running on orphaned, blocked forever on a queue nobody reads."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    _quit()


def _quit(*_signal) -> None:
    remove_pending()  # no half-written temporary file is left behind
    os._exit(128 + signal.SIGTERM)


def run_job(
    job: Job,
    fmt: str,
    force: bool,
    want_rows: bool,
    review: Path | None = None,
    corrections: Path | None = None,
    inputs: int = 1,
    options: Options | None = None,
) -> Outcome:
    """Parse one document, apply its corrections (`corrections.find`: `corrections` as given, of
    `inputs` documents) and write its plan (and, for the corpus report of a batch writing to
    `review`, its review page); never raises. A document with corrections, or whose plan had some,
    is always made again: they may have changed or gone since."""
    from .corrections import applied, apply, find
    from .export import warnings_in
    from .limits import document_budget
    from .pipeline import parse_blocks
    from .read import read
    from .research import plan_rows

    outcome = Outcome(job.name, shown(job.source), shown(job.target), "parsed")
    started = time.perf_counter()
    plan = blocks = None
    found = []
    try:
        plan = None if force else _up_to_date(job)
        if plan is not None and (applied(plan) or find(plan, corrections, inputs, job.source)):
            plan = None
        if plan is not None:
            outcome.status = "skipped"
        else:
            with document_budget(job.source):  # a runaway document is stopped, and the batch goes on
                source, blocks = read(job.source, _LEXICON)  # the blocks are kept for the review page
                plan = parse_blocks(source, blocks, _LEXICON, options=options)
            found = find(plan, corrections, inputs, job.source)
            plan = apply(plan, found, _LEXICON)
            data = document([plan], fmt, several=False)
            outcome.changes = _changes(job.target, plan, data)
            write_file(job.target, data)
        outcome.sha256 = plan.source.sha256
        outcome.items = len(plan.items)
        outcome.warnings = warnings_in(plan)
        if review is not None:
            from .corpus_report import write_review

            outcome.profile = write_review(review, job.target, plan, blocks, _LEXICON, found)
    except ZxError as exc:  # named with its file when that is another one (the plan, a lexicon, a page)
        error = exc.reason if exc.path == outcome.path else str(exc)
        outcome.status, outcome.error, outcome.exit_code = "failed", error, exc.exit_code
    except Exception as exc:  # noqa: BLE001 — a bug on one document must not lose the batch
        outcome.status, outcome.exit_code = "failed", EXIT_INTERNAL
        outcome.error = f"internal error: {exc.__class__.__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    if want_rows:
        plan = plan if outcome.status != "failed" else None
        outcome.rows = plan_rows(plan, job.name, outcome.status, outcome.error, _LEXICON)
    return outcome


def _changes(target: Path, plan, data: bytes) -> dict | None:
    """What a re-parse changed in the plan at `target` (made by another build or lexicon, or from an
    earlier version of the document): items added, dropped and retyped, matched by their stable keys.
    A plan file that already holds `data`, the new plan's bytes (a re-run's usual case), changed
    nothing and is not loaded: loading and comparing cost as much as a third of the parse."""
    if not target.is_file():
        return None
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return None
        [before] = load_plans(target)
    except Exception:  # noqa: BLE001 — a plan that does not load (cut, edited, another schema) is no baseline
        return None
    from .diff import compare  # with its labels' YAML: only for a plan that changed

    comparison = compare(before, plan, threshold=None)
    counts = {"added": comparison.count("added"), "dropped": comparison.count("dropped")}
    counts["retyped"] = comparison.count("topic_type")
    return counts if any(counts.values()) else None


def _up_to_date(job: Job):
    """The plan at the job's target if it is up to date: the last report recorded it as made from
    this document as it is now (by this zxparse and lexicon), and it loads and says the same. A
    plan cut by a crash, or newer than a document that changed, is parsed again."""
    if job.recorded is None or not job.target.is_file():
        return None
    try:
        if hashlib.sha256(job.source.read_bytes()).hexdigest() != job.recorded:
            return None
        [plan] = load_plans(job.target)
    except Exception:  # noqa: BLE001 — a plan that does not load (cut, edited, another schema) is made again
        return None
    return plan if plan.source.sha256 == job.recorded else None


def run(
    jobs: list[Job],
    fmt: str,
    workers: int,
    out: Path,
    force: bool = False,
    want_rows: bool = False,
    lexicon_paths: tuple[str, ...] = (),
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    review: bool = False,
    corrections: Path | None = None,
    left_out: list[Outcome] = (),
    options: Options | None = None,
) -> list[Outcome]:
    """Run every job, `workers` at a time, keeping `out`/batch-report.json current; outcomes come
    back in the order of `jobs`. Interrupted (SIGINT, SIGTERM) after the report says where it stopped.
    With `review`, each plan's review page is written under `out` too, for the corpus report;
    `corrections` (a file or folder) is applied as `extract --corrections` does. The files `left_out`
    are in the report (and come back after the jobs' outcomes) with their reasons; `options` say how to
    parse, and a plan made otherwise is made again."""
    from .pipeline import parse_print

    _init_worker(lexicon_paths)
    record = _BatchReport(out / BATCH_REPORT, parse_print(_LEXICON, options), tuple(left_out))
    jobs = [replace(job, recorded=record.recorded.get(job.name)) for job in jobs]
    done: dict[str, Outcome] = {}

    def each(outcome: Outcome) -> None:
        done[outcome.name] = outcome
        on_done(outcome)
        record.write(jobs, done, "running", checkpoint=True)

    record.write(jobs, done, "running")
    try:
        with _signals_stop():
            review_to = out if review else None
            _execute(jobs, fmt, workers, force, want_rows, lexicon_paths, each, review_to, corrections, options)
    except KeyboardInterrupt as stop:  # _Stop, or Ctrl-C just before its handler was set
        record.write(jobs, done, "interrupted")
        signum = getattr(stop, "signum", signal.SIGINT)
        raise Interrupted(
            record.path,
            f"stopped by {signal.Signals(signum).name} after {len(done)} of {len(jobs)} documents; "
            "the rest are not_done",
            signum,
        ) from None
    except BaseException:
        record.write(jobs, done, "aborted")
        raise
    record.write(jobs, done, "finished")
    return [*(done[job.name] for job in jobs), *left_out]


class _Stop(KeyboardInterrupt):
    """SIGINT or SIGTERM reached the batch: not an Exception, so no per-document handler swallows it."""

    def __init__(self, signum: int):
        self.signum = signum


@contextmanager
def _signals_stop():
    """SIGINT and SIGTERM raise _Stop in the batch's main thread while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread (a library caller's thread)
        return

    def stop(signum, _frame):
        raise _Stop(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _execute(
    jobs, fmt, workers, force, want_rows, lexicon_paths, each: Callable[[Outcome], None], review, corrections, options
) -> None:
    for input_format in {EXTENSIONS.get(job.source.suffix.lower()) for job in jobs} - {None}:
        reader(input_format)  # import each needed reader (pdfplumber, python-docx) once, before workers fork
    work = partial(
        run_job,
        fmt=fmt,
        force=force,
        want_rows=want_rows,
        review=review,
        corrections=corrections,
        inputs=len(jobs),
        options=options,
    )
    workers = min(workers, len(jobs))
    if workers == 0 or (workers == 1 and not _stoppable()):
        for job in jobs:
            each(work(job))
        return
    if workers > 1:
        _warm_up()
    # The lexicon and jieba's dictionary, loaded before the fork, are kept out of the collector's
    # sight: a worker's first full collection would otherwise touch, and so copy, all of them.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(lexicon_paths,))
    try:
        # Jobs go out a few at a time: one round trip per document costs more than a small plan.
        for outcome in pool.map(work, jobs, chunksize=CHUNK):
            each(outcome)
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown()


# A plan of a few lines that takes every stage through what it loads on first use.
_WARM_UP = "江苏省南通市政协2024年工作要点\n一、协商议政\n1.围绕优化营商环境开展专题协商。牵头单位：经济委\n"


def _warm_up() -> None:
    """Do once, before the workers fork, what each would do on its first document — import the
    modules a job uses, build what the lexicon, the gazetteer and OpenCC make on first use (about
    80 ms) — so that they start where a worker's second document does."""
    from . import corrections, export, research  # noqa: F401 — what run_job imports
    from .pipeline import parse_text

    with suppress(Exception):  # a user's lexicon that fails on it fails each document, named there
        document([parse_text(_WARM_UP, lexicon=_LEXICON)], "json", several=False)


def _stoppable() -> bool:
    """Whether a signal can stop this batch (it runs in the main thread, where _signals_stop sets
    its handlers). Then even one job is parsed in a worker process: the batch itself stays free to
    act on SIGTERM or Ctrl-C, and kills a worker stuck in a C library, which no signal handler could
    interrupt. A library caller's thread gets no signals, so it parses in its own process."""
    return threading.current_thread() is threading.main_thread()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the jobs not started and end the workers now (each removes its half-written file). A
    worker inside a C library (libxml2 on a hostile page, zlib) runs no Python, so no signal handler,
    until the library returns, which may be minutes: it is killed after GRACE_SECONDS."""
    pool.shutdown(wait=False, cancel_futures=True)
    workers = multiprocessing.active_children()  # the batch starts no other processes
    for process in workers:
        process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for process in workers:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in workers:
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _BatchReport:
    """`batch-report.json`: which zxparse and lexicon ran, whether the batch finished, and each
    file's outcome — `not_done` for the documents it did not reach, `left_out` with the reason for the
    files that are no documents."""

    def __init__(self, path: Path, fingerprint: str, left_out: tuple[Outcome, ...] = ()):
        self.path = path
        self.fingerprint = fingerprint
        self.left_out = left_out  # the files found that are no documents, listed after the documents
        self._left_out = [_entry(outcome) for outcome in left_out]
        self.recorded = self._recorded()
        self.written = 0.0
        self._entries: dict[tuple[str, bool], str] = {}  # (document, not done yet) → its entry in the report

    def _recorded(self) -> dict[str, str]:
        """name → sha256 of the input each plan was made from, as the last report (by this build of zxparse
        and this lexicon) recorded; nothing when there is none, or it was made differently."""
        try:
            last = json.loads(self.path.read_text("utf-8"))
            if (last["zxparse"], last["lexicon"]) != (build(), self.fingerprint):
                return {}
            return {doc["name"]: doc["sha256"] for doc in last["documents"] if doc.get("sha256")}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def write(self, jobs: list[Job], done: dict[str, Outcome], state: str, checkpoint: bool = False) -> None:
        """The report as it stands. Each document's entry is written out once and kept, so that a
        checkpoint costs the same early and late in a long batch."""
        if checkpoint and time.monotonic() - self.written < CHECKPOINT_SECONDS:
            return
        counts = Counter(done[job.name].status if job.name in done else "not_done" for job in jobs)
        counts.update(o.status for o in self.left_out)
        head = {
            "zxparse": build(),
            "lexicon": self.fingerprint,
            "state": state,  # running (or killed outright) | finished | interrupted | aborted (a bug)
            "counts": {status: counts[status] for status in STATUSES},
            "documents": [],
        }
        entries = ",\n".join([*(self._entry(job, done.get(job.name)) for job in jobs), *self._left_out])
        text = json.dumps(head, ensure_ascii=False, indent=2).removesuffix("[]\n}")
        text += f"[\n{entries}\n  ]\n}}\n" if entries else "[]\n}\n"
        write_file(self.path, text.encode("utf-8"))
        self.written = time.monotonic()

    def _entry(self, job: Job, outcome: Outcome | None) -> str:
        """The job's entry in the documents list (`_entry`), made once for each state it is in."""
        key = (job.name, outcome is None)
        if key not in self._entries:
            self._entries[key] = _entry(outcome or _not_done(job))
        return self._entries[key]


def _entry(outcome: Outcome) -> str:
    """An outcome as JSON indented to its place in the report's documents list: its fields but the
    research-table rows and the report's profile, which are read, never copied."""
    entry = {f.name: getattr(outcome, f.name) for f in fields(Outcome) if f.name not in ("rows", "profile")}
    return "    " + json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _not_done(job: Job) -> Outcome:
    """A document the batch did not reach; a plan an earlier batch made from it stays recorded."""
    return Outcome(job.name, shown(job.source), shown(job.target), "not_done", sha256=job.recorded)
