"""Stage 2 — clean: drop what is not the document, rejoin what the layout broke.

Cleaners are named and run in the order of `CLEANERS`; each takes the blocks and returns the
blocks it keeps plus diagnostics, so a cleaner can be tested, skipped or reordered on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import regex

from .blocks import Block
from .chinese import fold
from .lexicon import Lexicon
from .models import Diagnostic
from .numbering import parse_marker

Cleaner = Callable[[list[Block], Lexicon], tuple[list[Block], list[Diagnostic]]]

# A line ending in one of these (folded forms) is a sentence or a clause, never a title.
SENTENCE_END = "。！？；：，、!?;:,"
# A line ending in one of these is a finished paragraph: a page break did not cut it.
TERMINAL = SENTENCE_END + "…”’」』)）"
# A line this long that stops without terminal punctuation was cut by a page break, not written so.
BROKEN_LINE_MIN = 40
# Captions are short: a photo line is a clause, never a paragraph.
CAPTION_MAX = 40

MASK_RE = regex.compile(
    r"\p{Han}[a-zA-Z]\*+"  # "政z*": a word with its second character masked by a pinyin initial
    r"|\*{2,}|(?<=\p{Han})\*|\*(?=\p{Han})"  # "共**党", "中国*"
    r"|X{2,}|(?<=\d{2})[xX]{2}(?=年)"  # "XX领导", "20xx年"
    r"|(?<=\d{2})_+(?=年)"  # "20_年"
)


def ends_open(text: str) -> bool:
    return not fold(text).rstrip().endswith(tuple(TERMINAL))


def cut_mid_sentence(text: str) -> bool:
    """A paragraph that a page break cut: long, and stopping without terminal punctuation."""
    return len(text) >= BROKEN_LINE_MIN and ends_open(text)


def drop_noise(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Site chrome of document-sharing pages (seed 003): breadcrumbs, counters, disclaimers, footer."""
    kept: list[Block] = []
    dropped: list[Block] = []
    for position, block in enumerate(blocks):
        folded = fold(block.text).strip()
        if folded in lex.noise.tail_markers:
            dropped.extend(blocks[position:])
            break
        (dropped if lex.noise_line_re.fullmatch(folded) else kept).append(block)
    diags = [
        Diagnostic(code="noise_removed", severity="info", message=f"dropped page noise: {b.text[:40]}", source=b.ref)
        for b in dropped
    ]
    return kept, diags


def drop_captions(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Photo captions between paragraphs (seed 001): '南通经济技术开发区政协工委组织委员调研'.

    Not a caption: the unit line '南通经济技术开发区政协工委' (no verb follows the organisation),
    or any line with a marker or with sentence punctuation.
    """
    kept, diags = [], []
    for block in blocks:
        text = block.text
        if len(text) <= CAPTION_MAX and ends_open(text) and not parse_marker(text) and lex.caption_re.match(fold(text)):
            diags.append(
                Diagnostic(code="caption_removed", severity="info", message=f"photo caption: {text}", source=block.ref)
            )
        else:
            kept.append(block)
    return kept, diags


def join_broken_lines(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Paragraphs cut by a page break mid-sentence (seed 001: '有针对性' / '地设置…').

    Joined when the first part is long and stops without punctuation, and the second part is no
    heading: it has no marker and is itself a paragraph (long, or finished with punctuation).
    A short unpunctuated line after a long one is a title and is left alone.
    """
    out: list[Block] = []
    diags: list[Diagnostic] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and cut_mid_sentence(prev.text)
            and not parse_marker(block.text)
            and (len(block.text) >= BROKEN_LINE_MIN or not ends_open(block.text))
        ):
            out[-1] = replace(prev, text=prev.text + block.text)
            diags.append(
                Diagnostic(
                    code="broken_line_joined",
                    severity="info",
                    message=f"joined a paragraph broken after '…{prev.text[-6:]}'",
                    source=block.ref,
                )
            )
        else:
            out.append(block)
    return out, diags


_TOC_HEAD = regex.compile(r"目\s*录|提\s*纲")
# A contents line ends in leader dots and a page number: "一、总体要求……………3".
_TOC_PAGE = regex.compile(r"\s*(?:[.…·\-—]{2,}\s*)?\d{0,3}\s*$")


def drop_toc(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A table of contents ('目录' then the headings again) before the body: dropped up to the
    line where its first entry comes back as a heading, so the outline is not doubled. A '目录'
    whose first entry never comes back is left alone (it is no table of contents)."""
    for position, block in enumerate(blocks):
        if not _TOC_HEAD.fullmatch(fold(block.text)) or position + 1 >= len(blocks):
            continue
        first = _TOC_PAGE.sub("", blocks[position + 1].text)
        for end in range(position + 2, len(blocks)):
            if _TOC_PAGE.sub("", blocks[end].text) == first and not _TOC_PAGE.search(blocks[end].text).group().strip():
                dropped = blocks[position:end]
                diag = Diagnostic(
                    code="toc_removed",
                    severity="info",
                    message=f"dropped a table of contents of {len(dropped) - 1} lines",
                    source=block.ref,
                )
                return blocks[:position] + blocks[end:], [diag]
    return blocks, []


def report_masks(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Censored or placeholder text (seed 003: '政z*', '共**党', 'XX', '20xx'): kept, but reported."""
    diags = []
    for block in blocks:
        found = MASK_RE.findall(block.text)
        if found:
            shown = "、".join(dict.fromkeys(found))
            diags.append(
                Diagnostic(code="masked_text", severity="warning", message=f"masked text: {shown}", source=block.ref)
            )
    return blocks, diags


CLEANERS: dict[str, Cleaner] = {
    "noise": drop_noise,
    "toc": drop_toc,
    "captions": drop_captions,
    "broken_lines": join_broken_lines,
    "masks": report_masks,
}


def clean(
    blocks: list[Block], lex: Lexicon, cleaners: dict[str, Cleaner] = CLEANERS
) -> tuple[list[Block], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    for cleaner in cleaners.values():
        blocks, diags = cleaner(blocks, lex)
        diagnostics.extend(diags)
    return blocks, diagnostics
