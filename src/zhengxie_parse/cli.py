"""The `zxparse` command. Heavy modules (pydantic models, the pipeline, jieba, readers) are imported
inside the commands, so `zxparse --help` and `--version` start fast."""

# Unlike the other modules, no `from __future__ import annotations`: typer reads the commands'
# annotations on every start, and would evaluate each one from its string.
import gc
import inspect
import logging
import os
import re
import signal
import sys
import time
from contextlib import contextmanager, redirect_stdout
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_PROBLEMS, EXIT_USAGE, ZxError, shown
from .formats import DOCUMENT, TABLES, for_suffix, formats, named, suffixes
from .i18n import _, chosen, ngettext, use
from .safe_text import printable

# typer's exceptions for bad usage derive from this (click's, or typer's own copy of click)
_ClickError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

EXIT_CODES = """\b
Exit codes:
  0   ok
  1   problems found: a file failed, a batch had failures, validation failed
  2   bad usage: a --skip name that is no cleaner, a limits or --options
      file that does not read
  3   input not found, or not a regular file
  4   unsupported file type (or a .doc without LibreOffice)
  5   unreadable input: empty, binary, undecodable, a corrupt .docx or
      .doc, an encrypted or scanned PDF, content unlike its extension,
      over a limit (named: data/limits.yaml); a corrections file that
      does not validate
  6   invalid lexicon (or over a limit), or patterns in it that ran away
      on a document
  70  internal error (please report it with the input)
  73  an output cannot be written: a file where a folder must be, a read-only
      folder, a full disk, a name too long; a --table that is no SQLite
      database or has a -journal beside it; a file of yours in the way of
      a batch writing into its input folder
  130 stopped by Ctrl-C; 143 stopped by SIGTERM"""


def _examples(*lines: str) -> str:
    """A command's examples, shown under its help as written ('\\b': no rewrapping); each line's
    comment (after two spaces) is translated when the help is shown."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def _translated_examples(epilog: str | None) -> str | None:
    """`epilog` (from `_examples`) in the language chosen: the heading, and each line's comment."""
    if not epilog:
        return epilog
    lines = epilog.split("\n")
    out = [_(lines[0])]
    for line in lines[1:]:
        if not line.startswith("  "):  # the blank line and '\\b'
            out.append(line)
            continue
        command, gap, comment = (re.split(r"(\s{2,})", line.strip(), maxsplit=1) + ["", ""])[:3]
        out.append(f"  {command}{gap}{_(comment)}")
    return "\n".join(out)


class _PlainHelp:
    """Help and errors that read as a user types the command. typer shows `{files}...` in the usage
    line, a type beside every parameter (`<bool>`, `<list[Path]>`), keeps the docstring's line
    breaks inside a paragraph, and prefixes a bad value's message with pydantic's 'Value error,'.
    Here an argument is FILES..., an option shows its metavar (FILE, N|all), a flag nothing, and a
    paragraph wraps to the terminal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = _paragraphs(self.help)
        self.epilog = _translated_examples(self.epilog)
        self.options_metavar = _("[OPTIONS]")
        if hasattr(self, "subcommand_metavar"):
            self.subcommand_metavar = _("COMMAND [ARGS]...")

    def format_help(self, ctx, formatter) -> None:
        _localise_typer()  # here, not at start: typer's help panels import rich (~90 ms) only to show help
        super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), _("Usage: "))

    def get_params(self, ctx):
        params = super().get_params(ctx)  # typer's own (-h, --install-completion) included
        for param in params:
            _plain(param)
        return params

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as exc:
            exc.message = exc.message.removeprefix("Value error, ")
            raise


class _Group(_PlainHelp, typer.core.TyperGroup):
    pass


class _Command(_PlainHelp, typer.core.TyperCommand):
    def collect_usage_pieces(self, ctx) -> list[str]:
        arguments = [p.metavar for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return [self.options_metavar, *arguments]


def _plain(param) -> None:
    """An argument named in capitals (FILES... when it takes several, [NAME] when optional), with no
    type beside it; a flag with no value shown."""
    if param.param_type_name == "argument":
        name = _(param.name.upper()) + ("..." if param.nargs != 1 else "")
        param.metavar = name if param.required else f"[{name}]"
        param.display_type_rich = lambda ctx: None  # the help says what it takes
    elif param.metavar is None:  # an option without one of its own: a flag takes no value, another is NAME
        param.metavar = "" if getattr(param, "is_flag", False) else _(param.name.upper())
    else:
        param.metavar = _(param.metavar)
    param.help = _(param.help)


def _paragraphs(text: str | None) -> str | None:
    """`text` with each paragraph on one line, except those marked '\\b' (kept as written), each in
    the language chosen."""
    if not text:
        return text
    return "\n\n".join(
        _(p if p.lstrip().startswith("\b") else " ".join(p.split())) for p in inspect.cleandoc(text).split("\n\n")
    )


app = typer.Typer(
    cls=_Group,
    help="Parse Chinese CPPCC (人民政协) plan documents (.txt .docx .pdf .html, .doc with LibreOffice) "
    f"into structured plans; '-' reads standard input.\n\n{EXIT_CODES}",
    epilog=_examples(
        "zxparse extract plan.docx -o tasks.xlsx",
        "zxparse batch plans/ -o out/ --table corpus.sqlite",
        "zxparse extract -h                       a command's options and examples",
        "zxparse --install-completion             tab completion in bash, zsh, fish",
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


# -f's choices, from the format registry: what `extract` writes, and the plan formats a batch writes one a document
Format = Enum("Format", {fmt.name: fmt.name for fmt in formats(DOCUMENT)}, type=str)
PlanFormat = Enum("PlanFormat", {fmt.name: fmt.name for fmt in formats(("plan",)) if fmt.per_document}, type=str)


LexiconOption = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", "-l", metavar="FILE.yaml", help="YAML lexicon layered over the defaults (repeatable)."),
]
CorrectionsOption = Annotated[
    Path | None,
    typer.Option(
        "--corrections",
        metavar="FILE|DIR",
        help="Corrections to apply: a .corrections.yaml file, or a folder of them (each applied to the document it "
        "names). Default: STEM.corrections.yaml beside each document or saved plan.",
    ),
]
SkipOption = Annotated[
    list[str] | None,
    typer.Option(
        "--skip", metavar="CLEANER", help="Leave out a cleaner by name (repeatable; `zxparse stages` lists them)."
    ),
]
OptionsOption = Annotated[
    Path | None,
    typer.Option(
        "--options",
        metavar="FILE.yaml",
        help="Numbers that tune the rules, layered over data/options.yaml (same as ZXPARSE_OPTIONS=FILE).",
    ),
]


def _err(message: str) -> None:
    """A line for a person on stderr: a name or text from a document in it cannot act on the terminal."""
    typer.echo(f"zxparse: {printable(message)}", err=True)


def _wrote(path: Path, items: int | None = None) -> None:
    """The one line on stderr that says a file was written, and how many items it holds."""
    if items is None:
        typer.echo(printable(_("wrote {file}").format(file=shown(path))), err=True)
    else:
        typer.echo(printable(_("wrote {file} ({count} items)").format(file=shown(path), count=items)), err=True)


def _out(data: str | bytes) -> None:
    """Data to stdout; a reader that went away (`| head`) ends the command quietly, exit code 0."""
    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        raise typer.Exit(0) from None


def _failure(exc: ZxError) -> str:
    """A user error in one line: the file, and the reason in the language chosen (as written when
    the catalog does not have it: a reason that quotes a value)."""
    return f"{exc.path}: {_(exc.reason)}"


def _usage(message: str) -> typer.Exit:
    """Bad usage: the reason on stderr, exit code 2 (raise what this returns)."""
    _err(message)
    return typer.Exit(EXIT_USAGE)


def _exit_for(failures: list[ZxError], inputs: int) -> None:
    """One input exits with its failure's own code; several with 1 when any failed."""
    if failures:
        raise typer.Exit(failures[0].exit_code if inputs == 1 else EXIT_PROBLEMS)


def _version(value: bool) -> None:
    if value:
        from .build import build_id

        typer.echo(f"zxparse {__version__} (build {build_id()})")
        raise typer.Exit()


class Lang(str, Enum):
    zh = "zh"
    en = "en"


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and build id.")
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help="Language of messages and help; default: the locale (LANG), or ZXPARSE_LANG.",
        ),
    ] = None,
) -> None:
    # chosen before the command line was parsed (main), so that the help is in it too
    if ctx.invoked_subcommand is None:  # no command: the help, on stderr as for any usage error
        with redirect_stdout(sys.stderr):
            typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(EXIT_USAGE)


def _lexicon(paths: list[Path] | None):
    from .lexicon import load_lexicon

    lexicon = load_lexicon(*(paths or []))
    _loaded()
    return lexicon


def _loaded() -> None:
    """The command has loaded what it parses with (every command that reads documents loads its lexicon
    first): the objects its imports made live as long as the process, so they are frozen — never
    walked again — and the collector, off since `main` started, comes back for the documents."""
    gc.freeze()
    gc.enable()


def _options(skip: list[str] | None, options_file: Path | None):
    """How to parse: the cleaners left out, checked by name, and the options file, read now (the
    environment carries it to a batch's workers); a usage error for a name or file that is wrong."""
    from .document import Options
    from .limits import OPTIONS_ENV, options
    from .pipeline import checked

    if options_file is not None:
        os.environ[OPTIONS_ENV] = str(options_file)
        options.cache_clear()
    options()
    return checked(Options(skip=frozenset(skip or ())))


def _parse(path: Path, lex, options=None):
    """The plan in `path`; '-' is standard input, its format told by its first bytes."""
    from .pipeline import parse_bytes, parse_file
    from .read import stdin_bytes

    if str(path) == "-":
        return parse_bytes(stdin_bytes(), "-", lexicon=lex, options=options)
    return parse_file(path, lex, options=options)


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse extract plan.docx                  JSON on stdout",
        "zxparse extract plan.docx -o tasks.xlsx    task sheet (-o's extension)",
        "zxparse extract plan.json -o 任务分解表.docx --attachment 附件2",
        "zxparse extract *.docx -o tasks.csv        one sheet, a 文件 column",
        "zxparse extract *.pdf --jsonl | jq .meta   one plan a line",
        "zxparse extract *.docx -o plans/           a plan file each",
    ),
)
def extract(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Documents to parse (.txt .docx .pdf .html .doc), saved plans (.json .jsonl .yaml), - for stdin."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="File to write (its extension picks the format), or DIR/ for one file per input; default stdout.",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            metavar="FORMAT",
            help="json, jsonl, yaml, or a task sheet: csv, xlsx, docx (a Word 任务分解表). Default: json (or -o's extension).",
        ),
    ] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One plan a line (JSON Lines), same as -f jsonl.")] = False,
    attachment: Annotated[
        str | None,
        typer.Option("--attachment", metavar="LABEL", help="A label above the Word table's title: 附件, 附件2."),
    ] = None,
    corrections: CorrectionsOption = None,
    lexicon: LexiconOption = None,
    skip: SkipOption = None,
    options_file: OptionsOption = None,
) -> None:
    """Parse each FILE into a plan, or a task sheet; a saved plan is taken as it is.

    To stdout, to the file -o names (its extension picks the format unless -f says), or one file each
    under -o DIR/. Several plans in one place are a JSON array (one a line with --jsonl; a YAML list;
    one sheet with a 文件 column; a Word section each). Corrections (--corrections, or a
    STEM.corrections.yaml beside the document) are applied to every plan."""
    from .atomic import write_file
    from .output import document
    from .read import LOCK_FILE, is_lock_file

    if sum(str(path) == "-" for path in files) > 1:
        raise _usage(_("'-' (standard input) can be read only once"))
    target, to_dir = _target(output, several=len(files) > 1, named_format=bool(fmt or jsonl))
    if jsonl and fmt not in (None, Format.json, Format.jsonl):
        raise _usage(_("--jsonl writes JSON; it does not go with -f {format}").format(format=fmt.value))
    chosen = "jsonl" if jsonl else fmt.value if fmt else None
    asked = for_suffix(target.suffix) if target and not to_dir else None
    fmt_name = chosen or (asked.name if asked else "json")
    if attachment is not None and fmt_name != "docx":
        raise _usage(
            _("--attachment labels the Word table; it does not go with {format} (use -f docx or -o NAME.docx)").format(
                format=fmt_name
            )
        )
    if named(fmt_name).binary and target is None and sys.stdout.isatty():
        raise _usage(_("{format} is a binary file: give one with -o (or redirect stdout)").format(format=fmt_name))
    lex = _lexicon(lexicon)
    how = _options(skip, options_file)
    if target is not None:
        from .atomic import writable_dir

        writable_dir(target if to_dir else target.parent)  # before any document is parsed
    plans, failures, names = [], [], set()
    for path in files:
        if is_lock_file(path):  # named, not counted as a failure: it came with a glob of the folder
            _err(f"{shown(path)}: skipped: {LOCK_FILE}")
            continue
        try:
            found = _saved_plans(path, lex) if _is_plan_file(path) else [_parse(path, lex, how)]
            for plan in (_corrected(plan, corrections, len(files), path, lex) for plan in found):
                if to_dir:  # written as parsed: a long list of inputs is not held in memory
                    name = _unique("stdin" if str(path) == "-" else path.stem, names)
                    content = document([plan], fmt_name, several=False, lex=lex, attachment=attachment)
                    write_file(target / f"{name}.{fmt_name}", content)
                    _wrote(target / f"{name}.{fmt_name}", len(plan.items))
                else:
                    plans.append(plan)
        except ZxError as exc:  # an unreadable document or an unwritable plan: the others go on
            _err(_failure(exc))
            failures.append(exc)
    if plans:
        several = len(files) > 1 or len(plans) > 1  # a plan file may hold several
        content = document(plans, fmt_name, several, lex=lex, attachment=attachment)
        if target is None:
            _out(content)
        else:
            write_file(target, content)
            _wrote(target, sum(len(plan.items) for plan in plans))
    _exit_for(failures, len(files))


def _corrected(plan, given: Path | None, inputs: int, named: Path, lex):
    """`plan` with its corrections (`corrections.corrected`); that module is loaded only when a
    file was given or lies beside the document."""
    from .correction_files import beside_files

    if given is None and not beside_files(plan, named):
        return plan
    from .corrections import corrected

    return corrected(plan, given, inputs, named, lex)


def _target(output: str | None, several: bool, named_format: bool) -> tuple[Path | None, bool]:
    """Where -o points, and whether it is a folder: one named so or already there, or, for several
    inputs, a name with no extension. None (and '-') is stdout. A name whose extension is no output
    format (tasks.xls) is refused unless -f names the format: then the name is the user's choice."""
    if output is None or output == "-":
        return None, False
    path = Path(output)
    if _is_folder(output):
        return path, True
    if not path.suffix:
        return path, several
    if for_suffix(path.suffix) is None and not named_format:
        raise _usage(
            _(
                "-o {output}: {suffix} is not a format zxparse writes; name it {suffixes} (the extension picks the "
                "format), give -f to keep the name, or end it with / for a folder"
            ).format(output=output, suffix=path.suffix, suffixes=", ".join(suffixes()))
        )
    return path, False


def _is_folder(output: str) -> bool:
    """-o names a folder: with a trailing slash (it may not exist yet), or one already there."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _unique(stem: str, taken: set[str]) -> str:
    """`stem`, or `stem-2`, `stem-3`… when two inputs share a name (a/plan.txt, b/plan.txt)."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse batch plans/ -o out/                        on all cores",
        "zxparse batch plans/ -o out/ --table corpus.sqlite  research tables",
        "zxparse batch plans/ -o out/ --report               out/index.html, a review page each",
        "zxparse batch plans/ -o out/ -j 1 -f yaml -v        one process",
    ),
)
def batch(
    source: Annotated[Path, typer.Argument(help="A folder of documents (searched recursively) or one document.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Folder for the plans, mirroring SOURCE's tree.")
    ],
    jobs: Annotated[
        str, typer.Option("--jobs", "-j", metavar="N|all", help="Worker processes: a number ≥ 1, or all cores.")
    ] = "all",
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", case_sensitive=False, metavar="FORMAT", help="json or yaml.")
    ] = PlanFormat.json,
    force: Annotated[bool, typer.Option("--force", help="Parse again even where the plan is up to date.")] = False,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table",
            metavar="FILE",
            help="Also write the research tables (plans, items, committees, months): .sqlite or .db, .xlsx, .csv.",
        ),
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Also write OUTPUT/index.html: every document, its review page, charts.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per document.")] = False,
    corrections: CorrectionsOption = None,
    lexicon: LexiconOption = None,
    skip: SkipOption = None,
    options_file: OptionsOption = None,
) -> None:
    """Parse every document under SOURCE into OUTPUT; one bad file never stops the batch.

    A failure is reported on stderr and in OUTPUT/batch-report.json; exit code 1 if any failed. A batch
    stopped part-way resumes when run again: plans made from unchanged documents are skipped."""
    from .atomic import writable_dir
    from .batch import default_workers, jobs_for, not_ours, run
    from .corpus_report import write_index
    from .errors import Interrupted, OutputError
    from .research import check_table, parquet_missing, table_paths

    workers = _workers(jobs, default_workers)
    if quiet and verbose:
        raise _usage(_("-q (errors only) and -v (a line per document) do not go together"))
    if table is not None and for_suffix(table.suffix, TABLES) is None:
        names = ", ".join(suffixes(TABLES))
        raise _usage(_("--table {file}: use a name ending in {suffixes}").format(file=table, suffixes=names))
    if table is not None and table.suffix.lower() == ".parquet" and parquet_missing():
        raise _usage(
            _("--table {file}: Parquet needs pyarrow: pip install 'zhengxie-parse[parquet]'").format(file=table)
        )
    if not source.exists():
        from .errors import InputNotFound

        raise InputNotFound(source, _("no such file or folder"))
    lexicon_paths = tuple(str(p) for p in lexicon or [])
    lexicon_print = _lexicon(lexicon).fingerprint  # a bad lexicon stops the batch before it starts
    how = _options(skip, options_file)  # so does a cleaner's name or an options file that is wrong
    writable_dir(output)  # so do outputs that cannot be written
    if table is not None:
        writable_dir(table.parent)
        check_table(table)
    work, left_out = jobs_for(source, output, fmt.value, table_paths(table) if table is not None else ())
    foreign = not_ours(source, output, work, report)
    if foreign is not None:  # output never lands on an input
        raise OutputError(foreign, "zxparse did not write this file and will not overwrite it in the input folder")
    profiles: dict[str, dict] = {}  # document → what the corpus report shows of it
    rows: dict[str, dict] = {}  # document → its rows in the research tables
    started = time.perf_counter()
    with _progress(quiet, len(work)) as advance:

        def done(outcome) -> None:
            advance()
            if outcome.profile is not None:
                profiles[outcome.name] = outcome.profile
            if table is not None:
                rows[outcome.name] = outcome.rows
            if outcome.status == "failed":
                _err(f"{outcome.path}: {_(outcome.error)}")
            elif verbose:
                _err(
                    _("{document}: {outcome}, {items} items, {warnings} warnings").format(
                        document=outcome.name,
                        outcome=_named("statuses", outcome.status),
                        items=outcome.items,
                        warnings=outcome.warnings,
                    )
                )

        try:
            want_rows = table is not None
            outcomes = run(
                work,
                fmt.value,
                workers,
                output,
                force,
                want_rows,
                lexicon_paths,
                done,
                report,
                corrections,
                left_out,
                how,
            )
        except Interrupted:
            if report:  # what was done so far, and what was not
                write_index(output, profiles, source, time.perf_counter() - started)
            if table is not None:
                _write_tables(table, work, rows, left_out, lexicon_print)
                _err(
                    _("{file}: written with what was done ({done} of {total}); the rest are not_done in it").format(
                        file=table, done=len(rows), total=len(work)
                    )
                )
            raise
    index = write_index(output, profiles, source, time.perf_counter() - started) if report else None
    if table is not None:
        _write_tables(table, work, rows, left_out, lexicon_print)
    if not quiet:
        _summary(outcomes, workers, time.perf_counter() - started)
        changed = [o.changes for o in outcomes if o.changes]
        if changed:
            added, dropped, retyped = (sum(c[k] for c in changed) for k in ("added", "dropped", "retyped"))
            plans = ngettext("{n} plan", "{n} plans", len(changed)).format(n=len(changed))
            _err(
                _(
                    "changed since the last run: {plans} ({added} items added, {dropped} dropped, {retyped} retyped)"
                ).format(plans=plans, added=added, dropped=dropped, retyped=retyped)
            )
        if index is not None:
            _err(_("report: {file}").format(file=index))
        if table is not None:
            _err(_("tables: {file}").format(file=table))
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(EXIT_PROBLEMS)


def _write_tables(table: Path, work: list, rows: dict[str, dict], left_out: list, lexicon_print: str) -> None:
    """The research tables of a batch: each document's rows, in the batch's order; a document the
    batch did not reach (it was stopped) is a `plans` row whose state is not_done, a file left out
    one whose state is left_out, with the reason; and the run."""
    from .research import corpus_rows, plan_rows, run_row, write_tables

    documents = [rows.get(job.name) or plan_rows(None, job.name, "not_done") for job in work]
    documents += [plan_rows(None, o.name, "left_out", o.error) for o in left_out]
    corpus = corpus_rows(documents)
    corpus["runs"] = [run_row(corpus, lexicon_print)]
    write_tables(table, corpus)


def _workers(jobs: str, all_cores) -> int:
    """--jobs: 'all' (the default) is every core this process may use; else a whole number ≥ 1."""
    if jobs.lower() == "all":
        return all_cores()
    if not jobs.isdigit() or int(jobs) < 1:
        raise _usage(_("--jobs {jobs}: give a number of processes ≥ 1, or 'all'").format(jobs=jobs))
    return int(jobs)


@contextmanager
def _progress(quiet: bool, total: int):
    """A progress bar on stderr (none when quiet); yields the function that advances it."""
    if quiet:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(_("parsing")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("parse", total=total)
        yield lambda: bar.advance(task)


def _summary(outcomes, workers: int, seconds: float) -> None:
    """Files, items and warnings by outcome, then each failure and each file left out with its reason."""
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, markup=False, highlight=False)  # a name like 'x[/b].txt' is text, not markup
    # a line of its own: as the table's title it wrapped to the table's width, mid-value
    documents = ngettext("{n} document", "{n} documents", len(outcomes)).format(n=len(outcomes))
    processes = ngettext("{n} worker", "{n} workers", workers).format(n=workers)
    console.print(
        _("zxparse batch: {documents} in {seconds} s, {workers}").format(
            documents=documents, seconds=f"{seconds:.1f}", workers=processes
        )
    )
    table = Table()
    for n, column in enumerate((_("outcome"), _("documents"), _("items"), _("warnings"))):
        table.add_column(column, justify="right" if n else "left")
    for status in ("parsed", "skipped", "failed", "left_out"):
        group = [o for o in outcomes if o.status == status]
        if group:
            table.add_row(
                _named("statuses", status),
                str(len(group)),
                str(sum(o.items for o in group)),
                str(sum(o.warnings for o in group)),
            )
    console.print(table)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        failures = Table(title=_("failures"))
        for column in (_("document"), _("exit code"), _("reason")):
            failures.add_column(column)
        for o in failed:
            failures.add_row(printable(o.name), str(o.exit_code), printable(_(o.error or "")))
        console.print(failures)
    left = [o for o in outcomes if o.status == "left_out"]
    if left:
        from rich.text import Text

        listed = Table(title=_("left out"))
        for column in (_("file"), _("reason")):
            listed.add_column(column)
        for o in left:  # names and reasons as plain text: a '[' in a file name is no markup
            listed.add_row(Text(printable(o.name)), Text(printable(o.error or "")))
        console.print(listed)


def _named(group: str, code: str) -> str:
    """A code as a person reads it: itself in English, its Chinese name (data/view/labels.yaml) in Chinese."""
    from .html_page import label
    from .i18n import lang

    return label(group, code) if lang() == "zh" else code


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse validate out/                  every plan file under out/",
        "zxparse validate --strict plan.json    warnings fail too (for CI)",
        "zxparse extract plan.docx | zxparse validate -",
    ),
)
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Plan files (.json .jsonl .yaml), folders of them, - for stdin.")],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only, no summary.")] = False,
    lexicon: LexiconOption = None,
) -> None:
    """Check plan files against the schema and the semantic rules.

    One line per problem, 'file: json.path: message'; exit code 1 if any file has an error (or a
    warning, with --strict)."""
    from .saved_plans import PLAN_SUFFIXES, plan_files
    from .validate import validate_file

    lex = _lexicon(lexicon)
    files = plan_files(paths)
    for path in files:
        if str(path) != "-" and not path.exists():
            from .errors import InputNotFound

            raise InputNotFound(path, _("no such file"))
    empty = [path for path in paths if path.is_dir() and not plan_files([path])]
    for folder in empty:  # a folder named by mistake must not pass as 'nothing wrong'
        _err(
            _("{folder}: no plan files ({suffixes}) in this folder").format(
                folder=shown(folder), suffixes=" ".join(PLAN_SUFFIXES)
            )
        )
    failed = 0
    for path in files:
        problems = validate_file(path, lex)
        for problem in problems:
            tag = "" if problem.severity == "error" else f" ({_named('severities', problem.severity)})"
            _out(printable(f"{shown(path)}: {problem.where}: {problem.message}{tag}") + "\n")
        failed += any(p.severity == "error" or strict for p in problems)
    if not quiet:
        checked = ngettext("{n} plan file", "{n} plan files", len(files)).format(n=len(files))
        _err(_("{checked} checked, {failed} failed").format(checked=checked, failed=failed))
    if failed or empty:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse show plan.docx                 parse and show",
        "zxparse show out/plan.json             a saved plan",
        "zxparse extract plan.pdf | zxparse show -",
    ),
)
def show(
    files: Annotated[list[Path], typer.Argument(help="Documents, saved plans (.json .jsonl .yaml), - for stdin.")],
    lexicon: LexiconOption = None,
) -> None:
    """Print each plan's outline as a tree, with each item's type, committees, leaders and time."""
    from .output import tree_text

    lex = _lexicon(lexicon)
    failures: list[ZxError] = []
    for n, path in enumerate(files):
        try:
            plans = _saved_plans(path, lex) if _is_plan_file(path) else [_parse(path, lex)]
        except ZxError as exc:
            _err(_failure(exc))
            failures.append(exc)
            continue
        text = "\n".join(tree_text(plan) for plan in plans)
        _out(("\n" if n else "") + printable(text, keep_newlines=True))
    _exit_for(failures, len(files))


def _is_plan_file(path: Path) -> bool:
    from .saved_plans import PLAN_SUFFIXES

    return path.suffix.lower() in PLAN_SUFFIXES or str(path) == "-"


def _saved_plans(path: Path, lex) -> list:
    """The plans saved in `path`; on standard input, a document is parsed instead."""
    from .read import stdin_bytes
    from .saved_plans import is_plan_text, load_plans, read_plans

    if str(path) != "-":
        return load_plans(path)
    data = stdin_bytes()
    text = data.decode("utf-8", errors="replace")
    if is_plan_text(text):
        return read_plans(text, "", "-")
    from .pipeline import parse_bytes

    return [parse_bytes(data, "-", lexicon=lex)]


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse view plan.docx                 open the page in the browser",
        "zxparse view out/plan.json             a saved plan beside its document",
        "zxparse view plan.pdf -o review.html   write the page, open nothing",
    ),
)
def view(
    file: Annotated[
        Path, typer.Argument(help="A document, or a saved plan (.json .jsonl .yaml); - reads either from stdin.")
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="Write the page here (a file, DIR/ for FILE's name in it, - for stdout); open nothing.",
        ),
    ] = None,
    corrections: CorrectionsOption = None,
    lexicon: LexiconOption = None,
    skip: SkipOption = None,
    options_file: OptionsOption = None,
) -> None:
    """Open a review page of FILE: the document beside its outline and items, one self-contained HTML file.

    Its corrections (--corrections, or STEM.corrections.yaml beside it) are applied and shown; 更正
    on an item corrects it on the page, and 保存更正文件 downloads the corrections file. Without -o
    the page goes to a temporary file and opens in the default browser; with no display (or no
    browser) the path is printed so that you can open or copy it."""
    from .html_page import write_page
    from .view import document_page, open_page, plan_page, stdin_page

    lex = _lexicon(lexicon)
    how = _options(skip, options_file)
    if str(file) == "-":
        page = stdin_page(lex, corrections, how)
    elif _is_plan_file(file):
        page = plan_page(file, lex, corrections)
    else:
        page = document_page(file, lex, corrections, how)
    stem = "stdin" if str(file) == "-" else file.stem
    if output == "-":
        _out(page)
    elif output is not None:
        path = Path(output) / f"{stem}.html" if _is_folder(output) else Path(output)
        write_page(path, page)
        _wrote(path)
    else:
        _err(open_page(page, stem))


class DiffBy(str, Enum):
    organization = "organization"


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse diff 2023要点.docx 2024要点.docx        topic by topic",
        "zxparse diff out2023/ out2024/                 each body's plans, matched by body",
        "zxparse diff out/ --by organization            each body year over year",
        "zxparse diff old.json new.json --json | jq .comparisons[0].counts",
        "zxparse diff old.docx new.docx --html 对比.html --threshold 70",
    ),
)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier plan: a document, a saved plan, or a batch output folder.")],
    new: Annotated[Path | None, typer.Argument(help="The later plan, or batch output folder.")] = None,
    by: Annotated[
        DiffBy | None,
        typer.Option("--by", metavar="organization", help="Over one batch output: each body's plans year over year."),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", min=0, max=100, metavar="0-100", help="Least title similarity for a topic continued."
        ),
    ] = 80.0,
    json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.")] = False,
    html: Annotated[Path | None, typer.Option("--html", metavar="FILE.html", help="Also write an HTML page.")] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Compare plans: topics added (新增), dropped (删除), continued (延续, with the title similarity) and
    what changed in a continued one: type, committee, leader, months.

    Topics match by their stable key, then by title (rapidfuzz, at least --threshold alike). Two
    folders (batch outputs) are matched by body: each body's latest plan in OLD against its latest in
    NEW."""
    import json

    from .diff import by_organization, compare, html_page, load, matched, print_tables, to_data

    if by is not None and new is not None:
        raise _usage("--by organization compares the plans of one batch output year by year: give one folder")
    if by is None and new is None:
        raise _usage("give two plans (or two batch outputs) to compare, or one batch output with --by organization")
    lex = _lexicon(lexicon)
    if by is not None:
        pairs = by_organization(load(old, lex))
    elif old.is_dir() and new.is_dir():
        pairs = matched(load(old, lex), load(new, lex))
    elif old.is_dir() or new.is_dir():
        raise _usage(_("compare two plans, or two batch output folders, not one with the other"))
    else:
        pairs = [(load(old, lex)[0], load(new, lex)[0])]
    if not pairs:
        _err(_("no two plans to compare: no body has plans in two years (or in both folders)"))
        return
    comparisons = [compare(before, after, threshold) for before, after in pairs]
    if html is not None:
        from .html_page import write_page

        write_page(html, html_page(comparisons, threshold))
        _wrote(html)
    if json_out:
        _out(json.dumps(to_data(comparisons, threshold), ensure_ascii=False, indent=2) + "\n")
    else:
        print_tables(comparisons, threshold)


@app.command(cls=_Command, epilog=_examples("zxparse stages", "zxparse extract plan.pdf --skip page_numbers"))
def stages() -> None:
    """List the pipeline's stages in order, and the cleaners of `clean`, each with what it needs and
    adds: the names --skip takes."""
    from .clean import CLEANERS
    from .pipeline import READ, STAGES

    lines = []
    for name, zh, needs, adds in [READ, *((s.name, s.zh, s.needs, s.adds) for s in STAGES)]:
        lines.append(f"{name:<9}{zh}  [{', '.join(needs)} → {', '.join(adds)}]")
        if name == "clean":
            lines += [f"  - {cleaner:<15}{step.zh}" for cleaner, step in CLEANERS.items()]
    _out("\n".join(lines) + "\n")


@app.command(
    cls=_Command,
    epilog=_examples(
        "zxparse schema                         the schema on stdout",
        "zxparse schema -o schemas/             schemas/plan.schema.json",
        "zxparse schema -o plan.schema.json",
    ),
)
def schema(
    out: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="A .json file, or a folder for plan.schema.json; default stdout.",
        ),
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of the plan object; `validate` agrees with it."""
    from .schema import SCHEMA_FILE, schema_text, write_schema

    if out is None or out == "-":
        _out(schema_text())
        return
    path = Path(out)
    if _is_folder(out) or not path.suffix:
        path = path / SCHEMA_FILE
    elif path.suffix.lower() != ".json":
        raise _usage(
            _("-o {output}: the schema is JSON: name a .json file, or a folder for {file}").format(
                output=out, file=SCHEMA_FILE
            )
        )
    write_schema(path)
    _wrote(path)


def _terminated(signum, _frame) -> None:
    """SIGTERM ends zxparse as Ctrl-C would: a file being written is removed, not left half-done."""
    sys.exit(128 + signum)


class _Said(logging.Handler):
    """The library's warnings (a file's text cut to what it can hold) as zxparse's own lines."""

    def emit(self, record: logging.LogRecord) -> None:
        _err(record.getMessage())


_SAID = _Said(logging.WARNING)  # one handler, however often main runs in a process (tests)


def main() -> None:
    """Console entry point: user errors are one line on stderr, never a traceback."""
    collecting = gc.isenabled()
    # Loading typer, pydantic and the models makes hundreds of thousands of objects that live until
    # the end; the cyclic collector would walk them all again and again while they load (see _loaded).
    gc.disable()
    try:
        _main()
    finally:  # as it was: `_loaded` may have turned it on
        if collecting:
            gc.enable()
        else:
            gc.disable()


def _main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    # zxparse uses no pydantic plugin, and looking for them reads every installed package's entry
    # points on each start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    logging.getLogger("zhengxie_parse").addHandler(_SAID)
    use(chosen(sys.argv[1:], os.environ))
    try:
        code = app(prog_name="zxparse", standalone_mode=False)
    except _ClickError as exc:
        _usage_error(exc)
        sys.exit(exc.exit_code)
    except typer.Abort:  # end of input at a prompt
        sys.exit(EXIT_PROBLEMS)
    except ZxError as exc:
        _err(_failure(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — a bug: say so in one line instead of a traceback
        _err(_("internal error: {error} (please report it)").format(error=f"{exc.__class__.__name__}: {exc}"))
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def _localise_typer() -> None:
    """typer's own words in its help and error panels, in the language chosen."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.DEFAULT_STRING = _("[default: {}]")
    rich_utils.ENVVAR_STRING = _("[env var: {}]")


# A usage error as click words it, and as zxparse does in the language chosen.
_EXTRA = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*)'\.")
_NOT_A_CHOICE = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*)\.")


def _usage_error(exc) -> None:
    """Bad usage on stderr: the usage line, what is wrong, where the help is; exit code 2."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
    _err(_usage_message(exc))
    if ctx is not None:
        typer.echo(_("Try '{command} -h' for help.").format(command=ctx.command_path), err=True)


def _usage_message(exc) -> str:
    param = getattr(exc, "param", None)
    name = "/".join(param.opts) if param is not None and param.param_type_name == "option" else None
    name = name or (param.metavar or param.name.upper() if param is not None else "")
    kind = type(exc).__name__
    if kind == "MissingParameter" and param.param_type_name == "option":
        return _("missing option {name}").format(name=name)
    if kind == "MissingParameter":
        return _("missing {name}").format(name=name)
    if kind == "NoSuchOption":
        return _("no such option: {name}").format(name=exc.option_name)
    if kind == "BadParameter":
        choice = _NOT_A_CHOICE.fullmatch(exc.message)
        message = _("'{value}' is not one of {choices}").format(**choice.groupdict()) if choice else _(exc.message)
        return _("invalid value for {name}: {message}").format(name=name or exc.param_hint, message=message)
    if found := _EXTRA.fullmatch(exc.message):
        return _("unexpected argument: {args}").format(args=found["args"])
    if found := _NO_COMMAND.fullmatch(exc.message):
        return _("no such command: {name}").format(name=found["name"])
    return _(exc.message)
