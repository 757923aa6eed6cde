"""The unit every stage passes on: a block of text with its place in the input."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property

from .chinese import SENTENCE_END, fold
from .limits import option
from .models import SourceRef
from .numbering import Marker, parse_marker


@dataclass(frozen=True)
class Block:
    index: int  # 0-based position among the blocks the reader produced
    text: str  # trimmed, as written (never width-folded: output quotes the input)
    line: int | None = None  # 1-based line: in the file (.txt, .html) or on the page (.pdf)
    page: int | None = None  # 1-based page, where the format has pages
    paragraph: int | None = None  # 1-based body paragraph (.docx)
    table: int | None = None  # 1-based table and row in it (.docx, .html)
    row: int | None = None
    column: int | None = None  # 1-based character where a piece split from a longer block starts
    after_gap: bool = False  # the text resumes here after a part the page hid (a paywall)
    # Where a cleaner took characters out of the line as written (a mirror page's romanization):
    # (offset in `text`, how many were taken there), so an offset in `text` maps back to the line.
    cuts: tuple[tuple[int, int], ...] = ()
    # Where a cleaner joined the lines after it to this one (a hard wrap, a page break): (offset in
    # `text` where a line joined on starts, that line's block, where in its text), in order, so that
    # an offset past it maps to that line.
    joins: tuple[tuple[int, Block, int], ...] = field(default=(), compare=False)  # not hashed: the text says it

    @cached_property
    def folded(self) -> str:
        """`text` as every stage matches it (chinese.fold), folded once: same length, so an offset in
        it is an offset in `text`. Not a field: a block made from another (`replace`, `piece`) folds
        its own text."""
        return fold(self.text)

    @cached_property
    def marker(self) -> Marker | None:
        """The outline marker that opens the block ('一、', '（二）', '3．'), read once."""
        return parse_marker(self.text, self.folded)

    @cached_property
    def ref(self) -> SourceRef:
        """Where the block is; made once (refs are never changed in place: a model is copied)."""
        return SourceRef(**self._where)

    @cached_property
    def _where(self) -> dict[str, int | None]:
        return {
            "block": self.index,
            "page": self.page,
            "line": self.line,
            "paragraph": self.paragraph,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }

    def written_offset(self, offset: int) -> int:
        """The offset in the line as written of character `offset` of `text`."""
        return offset + sum(n for at, n in self.cuts if at <= offset)

    def span(self, start: int, end: int) -> SourceRef | None:
        """Where `text[start:end]` is in the line as written: the ref with start and end. None when
        the span crosses a joined line or a cut (the written words have something between them)."""
        if self.joins and end > self.joins[0][0]:
            return self._joined.span(start, end)  # in a line joined on, or across one
        if not 0 <= start < end <= len(self.text):
            return None
        last = end - 1
        if self.cuts:  # most blocks have none: their offsets are the line's
            if any(start < at < end for at, _ in self.cuts):
                return None
            start, last = self.written_offset(start), self.written_offset(last)
        base = (self.column or 1) - 1
        return SourceRef(**self._where, start=base + start, end=base + last + 1)

    @cached_property
    def _joined(self) -> Composed:
        """The block's text as the lines joined into it, asked once per block for all its spans."""
        return Composed(self.joins)

    def joined(self, *lines: Block) -> Block:
        """This block with the text of `lines` run on after it (lines a wrap or a page break cut),
        built in one pass: a paragraph of thousands of lines is rebuilt in linear time."""
        joins, at = list(self.joins), len(self.text)
        for line in lines:
            if not line.joins or line.joins[0][0] > 0:
                joins.append((at, replace(line, joins=()), 0))
            joins += [(at + j, b, skip) for j, b, skip in line.joins]
            at += len(line.text)
        return replace(self, text="".join([self.text, *(line.text for line in lines)]), joins=tuple(joins))

    def piece(self, start: int, end: int | None = None) -> Block:
        """The part of this block from character `start`: a heading run into the paragraph before it.
        Its ref is where this block is, its column where the piece starts."""
        raw = self.text[start:end]
        first = start + len(raw) - len(raw.lstrip())
        last = first + len(raw.strip())
        cuts = tuple((at - first, n) for at, n in self.cuts if first < at <= last)
        before = [(0, b, skip + first - at) for at, b, skip in self.joins if at <= first][-1:]
        joins = (*before, *((at - first, b, skip) for at, b, skip in self.joins if first < at < last))
        column = (self.column or 1) + self.written_offset(first)
        return replace(self, text=raw.strip(), column=column, cuts=cuts, joins=joins)


@dataclass(frozen=True)
class Composed:
    """A text made of parts of blocks' texts — a node's title, its lines joined by '\n', the lines a
    cleaner joined on — so that an offset in it maps to the line as written."""

    parts: tuple[tuple[int, Block, int], ...] = ()  # (offset in the text, block, offset in its text), in order
    # spans asked for before: a heading's words are asked for by each item under it
    _seen: dict[tuple[int, int], SourceRef | None] = field(default_factory=dict, compare=False, repr=False)

    def span(self, start: int, end: int) -> SourceRef | None:
        """Where the text's [start:end] is written; None outside the parts or across two."""
        if (start, end) not in self._seen:
            self._seen[start, end] = self._span(start, end)
        return self._seen[start, end]

    def _span(self, start: int, end: int) -> SourceRef | None:
        i = bisect_right(self.parts, start, key=lambda part: part[0]) - 1  # the last part at or before start
        if i < 0 or start >= end or (i + 1 < len(self.parts) and self.parts[i + 1][0] < end):
            return None
        at, block, skip = self.parts[i]
        return block.span(start - at + skip, end - at + skip)


def is_heading_line(block: Block) -> bool:
    """Short, unnumbered and not a sentence: a title, a unit name, '附件'."""
    return (
        len(block.text) <= option("heading_max")
        and not block.folded.endswith(tuple(SENTENCE_END))
        and block.marker is None
    )


def append_block(blocks: list[Block], text: str, index: int | None = None, **where: int | None) -> None:
    """Append `text` (trimmed; nothing when blank) as the next block, at `where` in the input; its
    `index` is its place in `blocks` unless given (a line rebuilt from a block read before)."""
    text = text.strip()
    if text:
        blocks.append(Block(index=len(blocks) if index is None else index, text=text, **where))
