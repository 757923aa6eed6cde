"""The `zxparse` command. Heavy modules (pydantic models, the pipeline, jieba, readers) are imported
inside the commands, so `zxparse --help` and `--version` start fast."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_PROBLEMS, ZxError

EXIT_CODES = """Exit codes: 0 ok · 1 problems found (a file failed, a batch had failures, validation failed) ·
2 bad usage · 3 input not found · 4 unsupported file type (or .doc without LibreOffice) · 5 unreadable input
(empty, binary, undecodable, corrupt .docx, encrypted or scanned PDF, content not matching the extension) ·
6 invalid lexicon · 70 internal error.
Formats: .txt .docx .pdf .html (.doc with LibreOffice); '-' reads text from standard input."""

app = typer.Typer(
    help=f"Parse Chinese CPPCC (人民政协) plan documents into structured plans.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

LexiconOption = Annotated[
    list[Path] | None, typer.Option("--lexicon", "-l", help="YAML lexicon layered over the defaults (repeatable).")
]


def _err(message: str) -> None:
    typer.echo(f"zxparse: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zxparse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    pass


def _lexicon(paths: list[Path] | None):
    from .lexicon import load_lexicon

    return load_lexicon(*(paths or []))


def _parse(path: Path, lex):
    """The plan in `path`; '-' is standard input, read as text."""
    from .pipeline import parse_bytes, parse_file

    if str(path) == "-":
        return parse_bytes(sys.stdin.buffer.read(), "-", lex)
    return parse_file(path, lex)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents to parse (.txt .docx .pdf .html .doc; - for stdin).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (one input) or directory to write to; default stdout.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, yaml, or a task sheet: csv, xlsx (xlsx needs -o).")
    ] = "json",
    lexicon: LexiconOption = None,
) -> None:
    """Parse each FILE into a plan and print it (or write it under -o)."""
    from .output import BINARY, FORMATS, render, write

    if fmt not in FORMATS:
        _err(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        raise typer.Exit(2)
    if fmt in BINARY and output is None:
        _err(f"-f {fmt} writes a file: give one with -o")
        raise typer.Exit(2)
    lex = _lexicon(lexicon)
    to_dir = output is not None and (len(files) > 1 or output.is_dir())
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
    failures: list[ZxError] = []
    for path in files:
        try:
            plan = _parse(path, lex)
        except ZxError as exc:
            _err(str(exc))
            failures.append(exc)
            continue
        if output is None:
            sys.stdout.write(render(plan, fmt))
        else:
            stem = "stdin" if str(path) == "-" else path.stem
            write(plan, fmt, output / f"{stem}.{fmt}" if to_dir else output)
    if failures:
        raise typer.Exit(failures[0].exit_code if len(files) == 1 else EXIT_PROBLEMS)


@app.command()
def batch(
    source: Annotated[Path, typer.Argument(help="A folder of documents (searched recursively) or one document.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the plans, mirroring SOURCE's tree.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes; 0 = all cores.")] = 0,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or yaml.")] = "json",
    force: Annotated[bool, typer.Option("--force", help="Parse again even where the plan is newer.")] = False,
    table: Annotated[
        Path | None, typer.Option("--table", help="Also write every item of every plan to a .csv, .xlsx or .sqlite.")
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Also write OUTPUT/index.html: every document, its review page, charts.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per document.")] = False,
    lexicon: LexiconOption = None,
) -> None:
    """Parse every document under SOURCE into OUTPUT; one bad file never stops the batch.

    A failure is reported on stderr and in OUTPUT/batch-report.json; exit code 1 if any failed."""
    from .batch import default_workers, jobs_for, run, write_report
    from .export import BATCH_COLUMNS, PLAN_COLUMNS, TABLE_SUFFIXES, write_table

    if fmt not in ("json", "yaml"):
        _err(f"unknown format '{fmt}' (choose from json, yaml)")
        raise typer.Exit(2)
    if table is not None and table.suffix.lower() not in TABLE_SUFFIXES:
        _err(f"--table {table}: use a name ending in {', '.join(TABLE_SUFFIXES)}")
        raise typer.Exit(2)
    if not source.exists():
        from .errors import InputNotFound

        raise InputNotFound(source, "no such file or folder")
    lexicon_paths = tuple(str(p) for p in lexicon or [])
    _lexicon(lexicon)  # a bad lexicon stops the batch before it starts, with its own exit code
    work = jobs_for(source, output, fmt)
    workers = jobs or default_workers()
    started = time.perf_counter()
    with _progress(quiet, len(work)) as advance:

        def done(outcome) -> None:
            advance()
            if outcome.status == "failed":
                _err(f"{outcome.path}: {outcome.error}")
            elif verbose:
                _err(f"{outcome.name}: {outcome.status}, {outcome.items} items, {outcome.warnings} warnings")

        outcomes = run(work, fmt, workers, force, table is not None, lexicon_paths, done, output if report else None)
    write_report(output, outcomes)
    index = None
    if report:
        from .report import write_index

        index = write_index(output, outcomes, source, time.perf_counter() - started)
    if table is not None:
        items = [row for o in outcomes for row in o.rows]
        write_table(table, {"items": (BATCH_COLUMNS, items), "plans": (PLAN_COLUMNS, [o.plan_row for o in outcomes])})
    if not quiet:
        _summary(outcomes, workers, time.perf_counter() - started)
        if index is not None:
            _err(f"report: {index}")
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(EXIT_PROBLEMS)


@contextmanager
def _progress(quiet: bool, total: int):
    """A progress bar on stderr (none when quiet); yields the function that advances it."""
    if quiet:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("parse", total=total)
        yield lambda: bar.advance(task)


def _summary(outcomes, workers: int, seconds: float) -> None:
    """Documents, plans, items and warnings by outcome, then each failure with its reason."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"zxparse batch: {len(outcomes)} documents, {workers} workers, {seconds:.1f} s")
    for column in ("outcome", "documents", "items", "warnings"):
        table.add_column(column, justify="left" if column == "outcome" else "right")
    for status in ("ok", "skipped", "failed"):
        group = [o for o in outcomes if o.status == status]
        if group:
            table.add_row(
                status, str(len(group)), str(sum(o.items for o in group)), str(sum(o.warnings for o in group))
            )
    console = Console(stderr=True)
    console.print(table)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        failures = Table(title="failures")
        for column in ("document", "exit code", "reason"):
            failures.add_column(column)
        for o in failed:
            failures.add_row(o.name, str(o.exit_code), o.error or "")
        console.print(failures)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Plan files (.json/.yaml) or folders of them.")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only, no summary.")] = False,
    lexicon: LexiconOption = None,
) -> None:
    """Check plans against the schema and the semantic rules; one line per problem,
    'file: json.path: message'; exit code 1 if any file has an error (or a warning, with --strict)."""
    from .validate import plan_files, validate_file

    lex = _lexicon(lexicon)
    files = plan_files(paths)
    for path in files:
        if not path.exists():
            from .errors import InputNotFound

            raise InputNotFound(path, "no such file")
    failed = 0
    for path in files:
        problems = validate_file(path, lex)
        for problem in problems:
            tag = "" if problem.severity == "error" else f" ({problem.severity})"
            typer.echo(f"{path}: {problem.where}: {problem.message}{tag}")
        failed += any(p.severity == "error" or strict for p in problems)
    if not quiet:
        _err(f"{len(files)} plan(s) checked, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A document to parse.")],
    lexicon: LexiconOption = None,
) -> None:
    """Print the outline of FILE as a tree, with each item's type and committees."""
    from .output import tree_text

    sys.stdout.write(tree_text(_parse(file, _lexicon(lexicon))))


@app.command()
def view(
    file: Annotated[Path, typer.Argument(help="A document, or a saved plan (.json/.yaml); - reads text from stdin.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the page here (- for stdout) instead of opening it.")
    ] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Open a review page of FILE: the document beside its outline and items, one self-contained HTML file.

    Without -o the page goes to a temporary file and opens in the default browser; with no display
    (or no browser) the path is printed so that you can open or copy it."""
    from .html_page import write_page
    from .validate import PLAN_SUFFIXES
    from .view import document_page, open_page, plan_page

    lex = _lexicon(lexicon)
    if str(file) == "-":
        page = document_page("-", lex, sys.stdin.buffer.read())
    elif file.suffix.lower() in PLAN_SUFFIXES:
        page = plan_page(file, lex)
    else:
        page = document_page(file, lex)
    if output is not None and str(output) == "-":
        sys.stdout.write(page)
    elif output is not None:
        write_page(output, page)
    else:
        _err(open_page(page, "stdin" if str(file) == "-" else file.stem))


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for plan.schema.json, or a .json file path.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schema of the plan object (schemas/plan.schema.json)."""
    from .schema import write_schema

    path = write_schema(out)
    typer.echo(f"wrote {path}", err=True)


def main() -> None:
    """Console entry point: user errors are one line on stderr, never a traceback."""
    try:
        app()
    except ZxError as exc:
        _err(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — a bug: say so in one line instead of a traceback
        _err(f"internal error: {exc.__class__.__name__}: {exc} (please report it)")
        sys.exit(EXIT_INTERNAL)
