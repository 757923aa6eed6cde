"""Tables, from any format: a plan table's rows become items; any other table is kept as text.

A plan table (主要工作事项一览表, 协商计划表) is recognised by its header row: a number column (序号)
or a topic column (议题, 主要工作任务…) and at least one more column zxparse knows (a field label such
as 牵头单位, 协商形式, 时间). Each data row then becomes the lines a typed plan would have —
'1 围绕…协商建言' and one 'label：value' line per other column — so the outline and items stages
read a table exactly as they read text. A row with one distinct value (a merged cell across the
table: '一、重点协商（9项）') is a section heading.

A table a web page rendered as text — a row a line, cells between column rules, or one cell a line
('月份 |', '工作内容 |', '牵头领导 |', '3月 |', …) — is put back into rows first (`unflatten`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..blocks import Block, append_block
from ..chinese import fold
from ..diagnostics import diagnostic
from ..lexicon import Lexicon
from ..models import Diagnostic
from ..pattern_cache import compiled

Row = tuple[list[str], dict[str, int | None]]  # cell texts, and where the row is in the input

_SPACE = compiled(r"\s+")
_BRACKETED = compiled(r"\([^)]*\)")
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


# The column rule of a table rendered as text: '序号 | 议题 | 牵头单位', or one cell a line, '月份 |'.
_RULE = compiled(r"\s*[|｜]\s*")
# A table as text is a header and at least one row: this many lines of cells in a row at the least.
_CELL_LINES_MIN = 2
# The number cell of a row: '1', '1.', '（一）'.
_NUMBER_CELL = compiled(r"\d{1,3}[.、]?|\(?[一二三四五六七八九十]{1,3}\)?[、.]?")
# Run-in numbers of tasks sharing one cell ('1.召开…；2.组织…'), taken off when the cell is split.
_TASK_NUMBER = compiled(r"^\s*(?:\d{1,2}\s*[.、]|[①-⑩])\s*")
# Two tasks in one cell are split at a semicolon when each part is at least this long.
_TASK_MIN = 4


def unflatten(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Each plan table rendered one cell a line (a cleaner: any format may hold one) put back into
    its rows and read as any plan table (so is a table written a row a line, '1 | 围绕… | 农业农村委'):
    a cell that names when (`tables.when`: '3月', '二季度') opens
    a group of rows and is their time, each other cell fills the next column of the header, and a
    cell after the row's last column opens the next row of the group (its time cell merged away). A
    cell of two tasks ('召开…；组织…') is two rows with the same time and leader. Runs of cell lines
    without a plan header stay as they were. Every line made keeps the place of its row's first cell."""
    out: list[Block] = []
    diags: list[Diagnostic] = []
    position = 0
    while position < len(blocks):
        end = position
        while end < len(blocks) and _cells(blocks[end]):
            end += 1
        rows = _text_rows(blocks[position:end], lex) if end - position >= _CELL_LINES_MIN else None
        if not rows or len(rows) < 2:  # a header alone is no table
            out.append(blocks[position])
            position += 1
            continue
        add_table(out, rows, lex)
        diags.append(diagnostic("table_unflattened", blocks[position].ref, lines=end - position, rows=len(rows) - 1))
        position = end
    return out, diags


def _cells(block: Block) -> list[str]:
    """The cells of a line of a table rendered as text, or [] for a line with no column rule."""
    if "|" not in block.folded:
        return []
    cells = _RULE.split(block.text.strip())
    while cells and not cells[-1]:
        cells.pop()
    return cells[1:] if cells and not cells[0] else cells


def _text_rows(lines: list[Block], lex: Lexicon) -> list[Row] | None:
    """The rows of a table rendered as text, header first: a row a line ('1 | 围绕… | 农业农村委'), or
    one cell a line; None when it is no plan table."""
    if len(_cells(lines[0])) == 1:
        return _rows(lines, lex)
    rows = [(_cells(line), _where(line)) for line in lines]
    return rows if _find_header(rows, lex) else None


def _rows(cells: list[Block], lex: Lexicon) -> list[Row] | None:
    """The rows of a flattened table (its header first), or None when its first cells name no plan table."""
    if any(len(_cells(b)) != 1 for b in cells):
        return None
    texts = [_cells(b)[0] for b in cells]
    width = next((n for n in range(len(texts), 1, -1) if _is_header(texts[:n], lex)), None)
    if width is None:
        return None
    columns = _columns(texts[:width], lex)
    when = next((c for c, label in columns.fields.items() if lex.role_of(label) == "time"), None)
    groups = when is None or when < columns.title  # a time before the topic heads a group of rows
    free = [c for c in range(width) if c != columns.number and not (groups and c == when)]
    when_re = lex.pattern(lex.tables.when, "tables")
    rows: list[Row] = [(texts[:width], _where(cells[0]))]
    row: Row | None = None  # the row being filled
    group = ""
    last = -1
    for text, block in zip(texts[width:], cells[width:], strict=True):
        if not text:
            continue
        if groups and when_re.fullmatch(fold(text)):
            rows += _split_tasks(row, columns)
            row, group, last = None, text, -1
            if when is None:  # no time column: the group is a section of the table
                rows.append(([text], _where(block)))
            continue
        numbered = columns.number is not None and _NUMBER_CELL.fullmatch(fold(text))
        column = columns.number if numbered else next((c for c in free if c > last), None)
        if column is None or row is None or numbered:
            rows += _split_tasks(row, columns)
            row = ([""] * width, _where(block))
            column = column if numbered else free[0]
            if groups and when is not None:
                row[0][when] = group
        row[0][column] = text
        last = column
    return rows + _split_tasks(row, columns)


def _is_header(texts: list[str], lex: Lexicon) -> bool:
    """Whether every cell of `texts` names a column and they make a plan table's header."""
    columns = _columns(texts, lex)
    named = (columns.number is not None) + (columns.title is not None) + len(columns.fields)
    return named == len(texts) and columns.title is not None


def _split_tasks(row: Row | None, columns: Columns) -> list[Row]:
    """The row as rows: one per task of its title cell ('召开…；组织…')."""
    if row is None:
        return []
    cells, where = row
    parts = [_TASK_NUMBER.sub("", p).strip() for p in regex.split(r"[；;]", cells[columns.title])]
    if len(parts) < 2 or any(len(p) < _TASK_MIN for p in parts):
        return [row]
    return [([part if c == columns.title else cell for c, cell in enumerate(cells)], where) for part in parts]


def _where(block: Block) -> dict[str, int | None]:
    """Where a rebuilt row is: at the block of its first cell."""
    return {"index": block.index, "line": block.line, "page": block.page, "paragraph": block.paragraph}
