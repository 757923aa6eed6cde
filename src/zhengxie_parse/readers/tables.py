"""Tables, from any format: a plan table's rows become items; any other table is kept as text.

A plan table (主要工作事项一览表, 协商计划表) is recognised by its header row: a number column (序号)
or a topic column (议题, 主要工作任务…) and at least one more column zxparse knows (a field label such
as 牵头单位, 协商形式, 时间). Each data row then becomes the lines a typed plan would have —
'1 围绕…协商建言' and one 'label：value' line per other column — so the outline and items stages
read a table exactly as they read text. A row with one distinct value (a merged cell across the
table: '一、重点协商（9项）') is a section heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..blocks import Block, append_block
from ..chinese import fold
from ..lexicon import Lexicon

Row = tuple[list[str], dict[str, int | None]]  # cell texts, and where the row is in the input

_SPACE = regex.compile(r"\s+")
_BRACKETED = regex.compile(r"\([^)]*\)")
_HEADER_ROWS = 3  # a title row or two may sit above the header inside the table


@dataclass
class Columns:
    number: int | None = None
    title: int | None = None
    fields: dict[int, str] = field(default_factory=dict)  # column → header label


def add_table(blocks: list[Block], rows: list[Row], lex: Lexicon) -> None:
    """Append the blocks of one table (rows top to bottom) to `blocks`."""
    rows = [([_SPACE.sub(" ", c).strip() for c in cells], where) for cells, where in rows]
    found = _find_header(rows, lex)
    if found is None:
        for cells, where in rows:
            append_block(blocks, "  ".join(_distinct(cells)), **where)
        return
    at, columns = found
    for cells, where in rows[:at]:  # a caption row above the header
        append_block(blocks, "  ".join(_distinct(cells)), **where)
    place = 0
    for cells, where in rows[at + 1 :]:
        title = cells[columns.title] if columns.title is not None and columns.title < len(cells) else ""
        if len(_distinct(cells)) <= 1 or not title:
            append_block(blocks, "  ".join(_distinct(cells)), **where)
            place = 0
            continue
        place += 1
        append_block(blocks, _numbered(cells, columns, title, place), **where)
        for column, label in columns.fields.items():
            value = cells[column] if column < len(cells) else ""
            if value and value != title:
                append_block(blocks, f"{label}：{value}", **where)


def _numbered(cells: list[str], columns: Columns, title: str, place: int) -> str:
    """'1 围绕…': the row's number as written ('1', '1.', '（一）'), or, in a table without a number
    column, its place among the rows since the last section row."""
    number = cells[columns.number] if columns.number is not None and columns.number < len(cells) else ""
    number = number or str(place)
    return f"{number} {title}" if number.isdigit() else f"{number}{title}"


def _find_header(rows: list[Row], lex: Lexicon) -> tuple[int, Columns] | None:
    for at, (cells, _) in enumerate(rows[:_HEADER_ROWS]):
        columns = _columns(cells, lex)
        known = (columns.number is not None) + (columns.title is not None) + len(columns.fields)
        if (columns.number is not None or columns.title is not None) and known >= 2:
            if columns.title is None:  # '序号 | 围绕… | 牵头单位' with an unnamed topic column
                columns.title = next(
                    (c for c in range(len(cells)) if c != columns.number and c not in columns.fields),
                    None,
                )
            return at, columns
    return None


def _columns(header: list[str], lex: Lexicon) -> Columns:
    columns = Columns()
    for column, cell in enumerate(header):
        name = _BRACKETED.sub("", fold(cell).replace(" ", "")).rstrip(":")  # '牵头单位（委室）'

        if column > 0 and cell == header[column - 1]:
            continue  # a header cell merged across two columns names the first
        if name in lex.tables.number and columns.number is None:
            columns.number = column
        elif name in lex.tables.title and columns.title is None:
            columns.title = column
        elif name in lex.field_roles:
            columns.fields[column] = name
    return columns


def _distinct(cells: list[str]) -> list[str]:
    """Non-empty cells, a cell merged across columns (repeated by the reader) counted once."""
    out: list[str] = []
    for cell in cells:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out
