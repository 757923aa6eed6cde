"""Evidence as spans: an offset in a cleaned block maps back to the line as the reader gave it,
through the cleaners' cuts (romanization), joins (hard wraps, page breaks) and pieces (headings run
together); a span that crosses a join or a cut has none (null rather than wrong)."""

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLES

from zhengxie_parse.blocks import Block, Composed
from zhengxie_parse.chinese import fold
from zhengxie_parse.items import _once_in
from zhengxie_parse.pipeline import parse_file
from zhengxie_parse.read import read

LINE_A = "围绕乡村振兴开展专题协商，提出"
LINE_B = "具有针对性的意见建议。"


def _wrapped() -> tuple[Block, Block, Block]:
    a, b = Block(index=0, text=LINE_A, line=1), Block(index=1, text=LINE_B, line=2)
    return a, b, a.joined(b)


def _written(blocks: dict[int, Block], ref) -> str:
    return blocks[ref.block].text[ref.start : ref.end]


@pytest.mark.parametrize(
    "words,line",
    [
        ("乡村振兴", 1),  # inside the first line
        ("具有针对性", 2),  # inside the line joined on: that line's block and offsets
        ("意见建议。", 2),
        ("提出具有", None),  # across the join: no span
    ],
)
def test_span_through_a_join(words, line):
    a, b, joined = _wrapped()
    start = joined.text.index(words)
    ref = joined.span(start, start + len(words))
    if line is None:
        assert ref is None
    else:
        assert ref.line == line
        assert _written({0: a, 1: b}, ref) == words


def test_span_through_a_cut():
    """'政協(xié)要點(diǎn)' read as '政協要點': offsets past a cut move right by what it took."""
    written = Block(index=0, text="政協(xié)要點(diǎn)工作", line=1)
    cleaned = Block(index=0, text="政協要點工作", line=1, cuts=((2, 5), (4, 6)))
    for words, mapped in [("政協", True), ("工作", True), ("協要", False), ("要點工", False)]:
        start = cleaned.text.index(words)
        ref = cleaned.span(start, start + len(words))
        assert (ref is not None) == mapped, words
        if mapped:
            assert _written({0: written}, ref) == words


@pytest.mark.parametrize(
    "start,words",
    [
        (0, "一、加强学习"),
        (8, "二、深化协商"),
    ],
)
def test_span_in_a_piece(start, words):
    """Headings run together in one paragraph: a piece's offsets are offsets in the whole line."""
    line = Block(index=3, text="一、加强学习。 二、深化协商。", paragraph=4)
    piece = line.piece(start)
    at = piece.text.index(words[2:])
    ref = piece.span(at, at + len(words) - 2)
    assert ref.paragraph == 4 and ref.column == start + 1
    assert line.text[ref.start : ref.end] == words[2:]


def test_piece_of_a_joined_line_maps_to_that_line():
    a, b, joined = _wrapped()
    piece = joined.piece(len(LINE_A) + 1)  # '有针对性…' begins inside the line joined on
    ref = piece.span(0, 4)
    assert ref.line == 2 and _written({0: a, 1: b}, ref) == "有针对性"


def test_composed_text_maps_each_line_and_nothing_between():
    a, b = Block(index=0, text="（一）围绕民生开展协商", line=1), Block(index=1, text="牵头单位：社法委", line=2)
    text = "围绕民生开展协商\n牵头单位：社法委"
    composed = Composed(((0, a, 3), (len("围绕民生开展协商") + 1, b, 0)))
    at = text.index("社法委")
    assert _written({0: a, 1: b}, composed.span(at, at + 3)) == "社法委"
    assert _written({0: a, 1: b}, composed.span(0, 4)) == "围绕民生"
    assert composed.span(6, 12) is None  # across the line break
    assert Composed().span(0, 2) is None  # a text read from nowhere has no span


def _corpus() -> list[Path]:
    """The samples, as text and as each reader other than .doc's gives them (the format fixtures),
    and with ZXPARSE_CORPUS=DIR every file in DIR too."""
    formats = FIXTURES / "formats"
    read_as = sorted(p for p in formats.iterdir() if p.suffix in (".docx", ".pdf", ".html"))
    files = sorted(SAMPLES.iterdir()) + [p for p in read_as if not p.name.startswith("bad_")]
    if corpus := os.environ.get("ZXPARSE_CORPUS"):
        files += sorted(p for p in Path(corpus).iterdir() if p.is_file())
    return files


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_every_span_is_the_evidence_as_written(path, lex):
    """Property: for every span in the plan, the reader's block text [start:end] folds to the
    evidence's words (items' evidence, and meta's)."""
    _, read_blocks = read(path, lex)
    written = {b.index: b.text for b in read_blocks}
    plan = parse_file(path, lex)
    quoted = [(e.text, e.source) for item in plan.items for e in item.evidence]
    quoted += [(e.text, e.source) for e in plan.meta.evidence.values()]
    quoted += [(plan.meta.title or "", plan.meta.source)]
    spans = [(text, ref) for text, ref in quoted if ref is not None and ref.start is not None]
    for text, ref in spans:
        assert fold(written[ref.block][ref.start : ref.end]) == fold(text), (text, ref)


@pytest.mark.parametrize(
    "texts,words,start",
    [
        (["开展专题协商，围绕乡村振兴"], "乡村振兴", 9),  # written once: there
        (["乡村振兴，再说乡村振兴"], "乡村振兴", None),  # written twice: which one was read is not known
        (["围绕乡村", "振兴开展"], "乡村振兴", None),  # across two lines (a wrap the items stage joined)
        (["围绕乡村振兴", "推进乡村振兴"], "乡村振兴", None),  # once in each of two pieces of one line
    ],
)
def test_words_read_from_running_text_are_placed_only_when_written_once(texts, words, start):
    blocks_ = [Block(index=0, text=text, line=1) for text in texts]
    place = _once_in([(b.text, b.span) for b in blocks_], words)
    ref = place(0, len(words))
    assert (ref.start if ref else None) == start
