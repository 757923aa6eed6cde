"""Every format zxparse writes, in one table: its name, the file suffixes that ask for it, whether it
is binary (never written to a terminal), what it writes — a plan, the office's task sheet
(任务分解表) or the research tables — and its writer. The command line's choices (`extract -f`,
`batch -f`, `--table`'s suffixes), the format a file's name asks for and the dispatch to a writer
all come from here: a new format is one row and one writer function.

A writer is named as 'module.function' in this package and imported when the format is first
written (as scrapy's FEED_EXPORTERS name theirs), so that `zxparse --help` loads none of them. A plan
or task-sheet writer takes (plans, several, lex, attachment) and returns the file's bytes; a
research-table writer takes (path, tables) and writes the file, or the files beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Literal

Writes = Literal["plan", "task_sheet", "research_tables"]
DOCUMENT: tuple[Writes, ...] = ("plan", "task_sheet")  # what `extract` writes
TABLES: tuple[Writes, ...] = ("research_tables",)  # what `--table` writes


@dataclass(frozen=True)
class OutputFormat:
    name: str  # as -f takes it
    suffixes: tuple[str, ...]  # the file names that ask for it, the usual one first
    writes: Writes
    writer: str  # 'module.function', imported on first use
    binary: bool = False  # never to a terminal
    per_document: bool = False  # a batch may write each document's plan as one

    def write(self, *args):
        module, _, function = self.writer.rpartition(".")
        return getattr(import_module(f"{__package__}.{module}"), function)(*args)


FORMATS = (
    OutputFormat("json", (".json",), "plan", "output.json_document", per_document=True),
    OutputFormat("jsonl", (".jsonl",), "plan", "output.jsonl_document"),
    OutputFormat("yaml", (".yaml", ".yml"), "plan", "output.yaml_document", per_document=True),
    OutputFormat("csv", (".csv",), "task_sheet", "output.sheet_csv"),
    OutputFormat("xlsx", (".xlsx",), "task_sheet", "output.sheet_xlsx", binary=True),
    OutputFormat("docx", (".docx",), "task_sheet", "output.word_table", binary=True),
    OutputFormat("csv", (".csv",), "research_tables", "research.write_csv"),
    OutputFormat("xlsx", (".xlsx",), "research_tables", "research.write_xlsx", binary=True),
    OutputFormat("parquet", (".parquet",), "research_tables", "research.write_parquet", binary=True),
    # a SQLite database is as often named .db or .sqlite3
    OutputFormat("sqlite", (".sqlite", ".sqlite3", ".db"), "research_tables", "research.write_sqlite", binary=True),
)


def formats(writes: tuple[Writes, ...] = DOCUMENT) -> list[OutputFormat]:
    return [fmt for fmt in FORMATS if fmt.writes in writes]


def named(name: str, writes: tuple[Writes, ...] = DOCUMENT) -> OutputFormat:
    return next(fmt for fmt in formats(writes) if fmt.name == name)


def suffixes(writes: tuple[Writes, ...] = DOCUMENT) -> dict[str, OutputFormat]:
    """Each suffix that asks for a format, in the table's order: '.yml' → yaml."""
    return {suffix: fmt for fmt in formats(writes) for suffix in fmt.suffixes}


def for_suffix(suffix: str, writes: tuple[Writes, ...] = DOCUMENT) -> OutputFormat | None:
    """The format a file named with `suffix` asks for (case aside), None when none does."""
    return suffixes(writes).get(suffix.lower())
