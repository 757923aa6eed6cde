"""The `zxparse` command. Heavy modules (pydantic models, the pipeline, jieba, readers) are imported
inside the commands, so `zxparse --help` and `--version` start fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_PROBLEMS, ZxError

EXIT_CODES = """Exit codes: 0 ok · 1 problems found (some files failed, validation failed) · 2 bad usage ·
3 input not found · 4 unsupported file type · 5 unreadable input (empty, binary, undecodable) ·
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
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or yaml.")] = "json",
    lexicon: LexiconOption = None,
) -> None:
    """Parse each FILE into a plan and print it (or write it under -o)."""
    from .output import FORMATS, render

    if fmt not in FORMATS:
        _err(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        raise typer.Exit(2)
    lex = _lexicon(lexicon)
    to_dir = output is not None and (len(files) > 1 or output.is_dir())
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
    failures: list[ZxError] = []
    for path in files:
        try:
            text = render(_parse(path, lex), fmt)
        except ZxError as exc:
            _err(str(exc))
            failures.append(exc)
            continue
        if output is None:
            sys.stdout.write(text)
        else:
            stem = "stdin" if str(path) == "-" else path.stem
            target = output / f"{stem}.{fmt}" if to_dir else output
            target.write_text(text, encoding="utf-8")
    if failures:
        raise typer.Exit(failures[0].exit_code if len(files) == 1 else EXIT_PROBLEMS)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A document to parse.")],
    lexicon: LexiconOption = None,
) -> None:
    """Print the outline of FILE as a tree, with each item's type and committees."""
    from .output import tree_text

    sys.stdout.write(tree_text(_parse(file, _lexicon(lexicon))))


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
