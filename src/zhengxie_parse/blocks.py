"""The unit every stage passes on: a block of text with its place in the input."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from .chinese import fold
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

    @property
    def ref(self) -> SourceRef:
        return SourceRef(
            block=self.index,
            page=self.page,
            line=self.line,
            paragraph=self.paragraph,
            table=self.table,
            row=self.row,
            column=self.column,
        )

    def written_offset(self, offset: int) -> int:
        """The offset in the line as written of character `offset` of `text`."""
        return offset + sum(n for at, n in self.cuts if at <= offset)

    def piece(self, start: int, end: int | None = None) -> Block:
        """The part of this block from character `start`: a heading run into the paragraph before it."""
        raw = self.text[start:end]
        first = start + len(raw) - len(raw.lstrip())
        last = first + len(raw.strip())
        cuts = tuple((at - first, n) for at, n in self.cuts if first < at <= last)
        return replace(self, text=raw.strip(), column=(self.column or 1) + self.written_offset(first), cuts=cuts)


def append_block(blocks: list[Block], text: str, index: int | None = None, **where: int | None) -> None:
    """Append `text` (trimmed; nothing when blank) as the next block, at `where` in the input; its
    `index` is its place in `blocks` unless given (a line rebuilt from a block read before)."""
    text = text.strip()
    if text:
        blocks.append(Block(index=len(blocks) if index is None else index, text=text, **where))
