"""The unit every stage passes on: a block of text with its place in the input."""

from __future__ import annotations

from dataclasses import dataclass

from .models import SourceRef


@dataclass(frozen=True)
class Block:
    index: int  # 0-based position among the blocks the reader produced
    text: str  # trimmed, as written (never width-folded: output quotes the input)
    line: int | None = None  # 1-based line in a text file
    page: int | None = None  # 1-based page, where the format has pages

    @property
    def ref(self) -> SourceRef:
        return SourceRef(block=self.index, page=self.page, line=self.line)
