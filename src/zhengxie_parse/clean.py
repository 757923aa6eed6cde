"""Stage 2 — clean: drop what is not the document, rejoin what the layout broke.

Cleaners are named and run in the order of `CLEANERS`; each takes the blocks and returns the
blocks it keeps plus diagnostics, so a cleaner can be tested, skipped or reordered on its own.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Collection
from dataclasses import replace
from itertools import pairwise
from typing import NamedTuple

import regex

from .blocks import Block
from .chinese import cut_mid_sentence, display_width, ends_open
from .diagnostics import diagnostic
from .lexicon import Lexicon
from .limits import option
from .models import Diagnostic
from .numbering import Marker, parse_marker
from .pattern_cache import compiled
from .readers.tables import unflatten

Cleaner = Callable[[list[Block], Lexicon], tuple[list[Block], list[Diagnostic]]]


# A lookbehind comes after the character it looks back from ('*', 'x', '_'), so that the search
# tries those alternatives only where that character is, not at every character of a paragraph.
_STAR_MASKS = (
    r"\p{Han}[a-zA-Z]\*+"  # "政z*": a word with its second character masked by a pinyin initial
    r"|\*{2,}|\*(?<=\p{Han}\*)|\*(?=\p{Han})"  # "共**党", "中国*"
)
_UNSTARRED_MASKS = (
    r"X{2,}|[xX](?<=\d{2}[xX])[xX](?=年)"  # "XX领导", "20xx年"
    r"|_(?<=\d{2}_)_*(?=年)"  # "20_年"
)
MASK_RE = compiled(f"{_STAR_MASKS}|{_UNSTARRED_MASKS}")
# In a line without '*' only these can match (the first alternatives all hold one), and they are tried
# at 'X', 'x', '_' only, not at every Han character as the first alternative is.
_UNSTARRED_MASK_RE = compiled(_UNSTARRED_MASKS)


# A mirror page's romanization after a character: '協(xié)', '絡(luò )' (a space may stand inside). Pinyin
# with a tone mark only, so '(A区)', '(cppcc)' and '(一)' are never taken. The lookbehind comes after
# the '(' it looks back from, so that it is tried only there.
_GLOSS = compiled(r"\((?<=\p{Han}\()\s*(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\s*\)")
# A page glosses many characters; fewer than this are the text's own brackets.
_GLOSSES_MIN = 3


def drop_romanization(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A mirror page that writes the romanization after each character it converted ('政協(xié)要點(diǎn)'): the
    romanization is taken out of the text, so that every stage reads '政協要點', and each block keeps
    where it was taken (`cuts`), so that an offset still maps to the line as written."""
    found = [list(_GLOSS.finditer(b.folded)) if "(" in b.folded else [] for b in blocks]
    total = sum(map(len, found))
    if total < _GLOSSES_MIN:
        return blocks, []
    kept = [_without(block, glosses) if glosses else block for block, glosses in zip(blocks, found, strict=True)]
    first = next(b for b, glosses in zip(blocks, found, strict=True) if glosses)
    return kept, [diagnostic("romanization_removed", first.ref, count=total)]


def _without(block: Block, glosses: list[regex.Match]) -> Block:
    parts, cuts, taken, last = [], [], 0, 0
    for m in glosses:
        parts.append(block.text[last : m.start()])
        cuts.append((m.start() - taken, m.end() - m.start()))
        taken += m.end() - m.start()
        last = m.end()
    parts.append(block.text[last:])
    return replace(block, text="".join(parts), cuts=tuple(cuts))


def drop_noise(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Site chrome of document-sharing pages (seed 003): breadcrumbs, counters, disclaimers, footer."""
    kept: list[Block] = []
    dropped: list[Block] = []
    tail_markers, noise_line = set(lex.noise.tail_markers), lex.noise_line_re.fullmatch  # looked up once
    for position, block in enumerate(blocks):
        folded = block.folded.strip()
        if folded in tail_markers:
            dropped.extend(blocks[position:])
            break
        (dropped if noise_line(folded) else kept).append(block)
    return kept, [diagnostic("noise_removed", b.ref, text=b.text[:40]) for b in dropped]


# A paywall is at least this many paywall lines in a row: one such line alone may be the text's own.
_PAYWALL_LINES = 2


def drop_paywall(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A paywall inside the text (a document-sharing site hides the middle of a document): a 'content
    hidden' line, the price per tier ('普通用户特权：8.8积分'), '会员免费查看'. Its lines are dropped and
    the line after it is marked `after_gap`: the text resumes in a part nobody saw, so a number that
    restarts there belongs to a chapter that was cut away."""
    walled = _walled(blocks, lex)
    kept: list[Block] = []
    diags: list[Diagnostic] = []
    position = 0
    while position < len(blocks):
        end = position
        while end < len(blocks) and walled[end]:
            end += 1
        if end - position < _PAYWALL_LINES:
            kept.append(blocks[position])
            position += 1
            continue
        diags.append(diagnostic("paywall_removed", blocks[position].ref, lines=end - position))
        if end < len(blocks):
            kept.append(replace(blocks[end], after_gap=True))
        position = end + 1
    return kept, diags


def _walled(blocks: list[Block], lex: Lexicon) -> list[bool]:
    """Whether each line is a paywall line, read only where it can be part of a paywall: a run of
    _PAYWALL_LINES or more holds a line at a multiple of _PAYWALL_LINES, so the lines between two
    multiples are read only when one of them is walled. A line not read is taken as no paywall line:
    it could only be one on its own, and is kept either way."""
    step, fullmatch = _PAYWALL_LINES, lex.paywall_line_re.fullmatch
    walled = [False] * len(blocks)
    for i in range(0, len(blocks), step):
        walled[i] = bool(fullmatch(blocks[i].folded.strip()))
    for i, block in enumerate(blocks):
        below = i - i % step
        if i % step and (walled[below] or (below + step < len(blocks) and walled[below + step])):
            walled[i] = bool(fullmatch(block.folded.strip()))
    return walled


# A clock time ending a line, maybe with its date: a live transcript stamps every line it posts.
_LINE_TIME = compiled(r"\s*[\[(]?(?:\d{4}-\d{1,2}-\d{1,2}\s*)?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*$")
# Stamped lines must be this many and this share of the lines: one time at a line's end is text.
_STAMPED_LINES = 3
_STAMPED_SHARE = 0.6


def drop_line_times(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A live transcript (图文直播) ends every line with the time it was posted ('…开展专题协商。 10:32'):
    the times are cut off, so that a heading or an item is read without them. Not cut: a time at the end
    of a few lines ('会议于9:30'), which is the text's own."""
    # every time holds a ':' (the search tries its pattern at every character of a line)
    stamps = [_LINE_TIME.search(b.folded) if ":" in b.folded else None for b in blocks]
    stamped = sum(1 for m in stamps if m and m.start())
    if stamped < _STAMPED_LINES or stamped < _STAMPED_SHARE * len(blocks):
        return blocks, []
    kept = [b.piece(0, m.start()) if m and m.start() else b for b, m in zip(blocks, stamps, strict=True)]
    return kept, [diagnostic("line_times_removed", blocks[0].ref, lines=stamped)]


def drop_captions(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Photo captions between paragraphs (seed 001): '南通经济技术开发区政协工委组织委员调研'.

    Not a caption: the unit line '南通经济技术开发区政协工委' (no verb follows the organisation),
    or any line with a marker or with sentence punctuation.
    """
    kept, diags = [], []
    longest = option("caption_max")
    for block in blocks:
        text = block.text
        if len(text) <= longest and ends_open(text) and not block.marker and lex.caption_re.match(block.folded):
            diags.append(diagnostic("caption_removed", block.ref, text=text))
        else:
            kept.append(block)
    return kept, diags


def join_broken_lines(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Paragraphs cut by a page break mid-sentence (seed 001: '有针对性' / '地设置…').

    Joined when the first part is long and stops without punctuation, and the second part is no
    heading: it has no marker and is itself a paragraph (long, or finished with punctuation).
    A short unpunctuated line after a long one is a title and is left alone.
    """
    out = _Joined()
    diags: list[Diagnostic] = []
    least = option("broken_line_min")
    for block in blocks:
        if (
            out.length >= least
            and ends_open(out.tail(1))
            and not block.marker
            and (len(block.text) >= least or not ends_open(block.text))
        ):
            diags.append(_joined(out.tail(6), block))
            out.join(block)
        else:
            out.append(block)
    return out.blocks(), diags


class _Joined:
    """The blocks a cleaner keeps, the last of which may take on the text of the lines after it (cut
    by a page break or a wrap). Its text is joined once, when the next block comes, so that a
    paragraph of thousands of lines is rebuilt in linear time; the lines joined stay in its `joins`."""

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._parts: list[Block] = []  # the last block so far, in parts
        self.length = 0  # …and its length

    def append(self, block: Block) -> None:
        self._close()
        self._blocks.append(block)
        self._parts, self.length = [block], len(block.text)

    def __bool__(self) -> bool:
        return bool(self._blocks)

    def join(self, block: Block) -> None:
        self._parts.append(block)
        self.length += len(block.text)

    def tail(self, n: int) -> str:
        """The last `n` characters of the last block's text so far."""
        tail = ""
        for part in reversed(self._parts):
            tail = part.text + tail
            if len(tail) >= n:
                break
        return tail[-n:]

    def blocks(self) -> list[Block]:
        self._close()
        return self._blocks

    def _close(self) -> None:
        if len(self._parts) > 1:
            self._blocks[-1] = self._parts[0].joined(*self._parts[1:])
            self._parts = [self._blocks[-1]]


# Hard-wrapped text: the widest line is at least this many display columns (a CJK character is 2),
# and a line within WRAP_SLACK columns of it was cut by the wrap (digits make lines a little narrower).
WRAP_MIN = 40
WRAP_SLACK = 4
# At least this many lines, and this share of the lines at least half as wide as the widest, must
# stop open at the wrap width: a short list of equally long headings is no wrapped text.
WRAP_LINES = 3
WRAP_SHARE = 0.25


def join_hard_wraps(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Text saved from a fixed-width view (a document-sharing site's text mode, an e-mail): every
    long line stops at the same width, mid-word ('…开展专题协商，提出' / '具有针对性的意见建议。').

    When open-ended lines at the widest width are common, each is joined with the next line unless
    that one opens a heading (a marker) or a field ('时间安排：…'). Not joined: files whose long lines
    end at different widths, and lines that end with punctuation.
    """
    widths = _widths(blocks)
    wrap = max(widths, default=0)
    cut = [w >= wrap - WRAP_SLACK and ends_open(b.text) for b, w in zip(blocks, widths, strict=True)]
    wide = sum(1 for w in widths if w >= wrap / 2)
    if wrap < WRAP_MIN or sum(cut) < WRAP_LINES or sum(cut) < WRAP_SHARE * wide:
        return blocks, []
    out = _Joined()
    diags: list[Diagnostic] = []
    joining = False
    for block, was_cut in zip(blocks, cut, strict=True):
        if joining and not block.marker and not lex.field_label_re.match(block.folded):
            diags.append(_joined(out.tail(6), block))
            out.join(block)
        else:
            out.append(block)
        joining = was_cut
    return out.blocks(), diags


def _widths(blocks: list[Block]) -> list[int]:
    """Each block's display width, or 0 for a block under a quarter of the longest block's length: it
    is under half the widest width (a character takes at most two columns, and the widest block is at
    least as wide as the longest is long), so neither wide nor at the wrap, and is not measured."""
    longest = max((len(b.text) for b in blocks), default=0)
    return [display_width(b.text) if 4 * len(b.text) >= longest else 0 for b in blocks]


def _joined(before: str, block: Block) -> Diagnostic:
    """`before`: the last characters of the text `block` is joined to."""
    return diagnostic("broken_line_joined", block.ref, end=before[-6:])


def drop_page_numbers(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Page numbers a document-sharing site puts before each page's text ('1、县政协…工作方案各位常委:…力'
    then '2、求打造一支学习型…'): every line that opens with the number is a long page cut mid-sentence,
    so the numbers count pages, not items. The numbers are dropped and each page's text is joined to
    the page it continues.

    Not page numbers: numbered items, which end their sentence ('1.围绕…报送区委。'), even when the
    last one is cut because the file is."""
    numbered = [(i, m) for i, b in enumerate(blocks) if (m := b.marker) and m.family == "arabic"]
    pages = [(i, m) for i, m in numbered if cut_mid_sentence(blocks[i].text)]
    in_order = [m.ordinal for _, m in numbered] == list(range(1, len(numbered) + 1))
    if len(numbered) < 2 or len(pages) != len(numbered) or not in_order:
        return blocks, []
    out = _Joined()
    diags: list[Diagnostic] = []
    starts = {i: m for i, m in pages}
    for position, block in enumerate(blocks):
        marker = starts.get(position)
        if marker is None:
            out.append(block)
            continue
        page = block.piece(len(block.text) - len(marker.rest))
        diags.append(diagnostic("page_number_removed", block.ref, label=marker.label))
        if out and ends_open(out.tail(1)):
            out.join(page)
        else:
            out.append(page)
    return out.blocks(), diags


# A title cut by a hard wrap leaves a short rest on the next line. It is the title's rest when the
# cut split a word ('…建言资' / '政、凝聚共识': a tail of one or two characters before a comma) or left a
# list without its head noun ('…和市法院、市检察院' / '工作报告协商议政'), or inside brackets that the rest
# closes (an owner tail '（牵头：农业农村委；配合：经' / '济委）').
_WORD_TAIL = compiled(r"^\p{Han}{1,2}[、，,；;]")
_DANGLING_LIST = compiled(r"(?:和|与|及|、)\p{Han}{1,8}$")
# A title this long may have been wrapped; a shorter one ended where its writer ended it.
_WRAPPED_TITLE_MIN = 10
# A wrapped line this short between a list entry and the next ('…建言资' / '政、凝聚共识' / '2. …')
# is the entry's rest, not a paragraph of its own.
_WRAP_REST_MAX = 16


def join_wrapped_titles(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A numbered title cut by a hard wrap ('1. 围绕深入学习贯彻中共二十大精神建言资' / '政、凝聚共识' /
    '2. …'): the short rest between the title and the next entry or field is joined back.

    Not joined: a rest after a short title ('(一)重点协商' / '专题协商会'), or one that reads as a line of
    its own (a clause that neither finishes a word nor a dangling list)."""
    out: list[Block] = []
    diags: list[Diagnostic] = []
    for position, block in enumerate(blocks):
        prev = out[-1] if out else None
        after = blocks[position + 1] if position + 1 < len(blocks) else None
        if (
            prev is not None
            and len(block.text) <= _WRAP_REST_MAX
            and not block.marker
            and not lex.field_label_re.match(block.folded)
            and _title_cut(prev, block)
            and (after is None or after.marker or lex.field_label_re.match(after.folded))
        ):
            out[-1] = prev.joined(block)
            diags.append(_joined(prev.text, block))
        else:
            out.append(block)
    return out, diags


def _title_cut(title_line: Block, rest: Block) -> bool:
    marker = title_line.marker
    if marker is None or len(marker.rest) < _WRAPPED_TITLE_MIN or not ends_open(title_line.text):
        return False
    folded, folded_rest = marker.folded_rest, rest.folded
    in_brackets = folded.count("(") > folded.count(")") and ")" in folded_rest
    return bool(_WORD_TAIL.match(folded_rest) or _DANGLING_LIST.search(folded) or in_brackets)


# Where a heading can start inside a paragraph: after a sentence end or a label's colon, and spaces.
# The punctuation is matched, not looked behind at every character: group 1 starts where the
# lookbehind form matched (the ends are the same).
_RUN_IN_START = compiled(r"[。；;！!？?:：](\s*)")
# A marker and the start of its title fit in this many characters: parse_marker reads no further,
# so a paragraph is read once however many sentences it has.
_MARKER_SPAN = 40


def _run_in(block: Block, at: int) -> Marker | None:
    return parse_marker(block.text, block.folded, at, at + _MARKER_SPAN)


def _chain(block: Block, first: Marker | None, lex: Lexicon) -> tuple[list[int], bool]:
    """(offsets in `text` where run-in headings start, whether the run opened after a label's colon).

    The run continues the opening marker's numbering (一、… 二、… 三、…), or — in a paragraph that opens
    with none — starts afresh at 1 after a sentence end ('…提出了2011年人民政协工作要点。 一、加强…')
    or after a label ('主要内容：1.…；2.…'). It stops at a list inside a sentence ('…主要内容包括：1.乡村
    振兴；2.…'): those numbers count the sentence's points."""
    folded = block.folded
    starts: list[int] = []
    after_label = False
    expected = (first.family, first.ordinal + 1) if first else None
    for m in _RUN_IN_START.finditer(folded):
        marker = _run_in(block, m.end())
        if marker is None:
            continue
        if marker.ordinal == 1 and lex.inline_list_re.search(folded, max(m.start(1) - 12, 0), m.end()):
            break
        if expected is None and marker.ordinal == 1:
            expected, after_label = (marker.family, 1), folded[m.start()] in ":："
        if (marker.family, marker.ordinal) == expected:
            starts.append(m.end())
            expected = (marker.family, marker.ordinal + 1)
    return starts, after_label


# '一、' inside a sentence of a summary ('会议明确了一、加强…；二、聚焦…；三、深化…'): a run this long that
# goes on after sentence ends is the plan's sections; a shorter one may be '一、二季度'.
# The lookbehind after '一', so that it is tried only there.
_INLINE_FIRST = compiled(r"一(?<=\p{Han}一)、")
_INLINE_RUN_MIN = 3


def _inline_run(block: Block) -> list[int]:
    """Offsets of a run 一、…二、…三、 that opens inside a sentence, or [] when there is none."""
    if "一、" not in block.folded:  # str's `in` is faster than the regex's search on most paragraphs
        return []
    for first in _INLINE_FIRST.finditer(block.folded):
        marker = _run_in(block, first.start())
        if marker is None or marker.family != "cn":
            continue
        starts, expected = [first.start()], 2
        for m in _RUN_IN_START.finditer(block.folded, first.end()):
            entry = _run_in(block, m.end())
            if entry is not None and (entry.family, entry.ordinal) == ("cn", expected):
                starts.append(m.end())
                expected += 1
        if len(starts) >= _INLINE_RUN_MIN:
            return starts
    return []


def _next_entry(blocks: list[Block], position: int) -> Marker | None:
    """The marker of the line after `position`, looking past one short wrapped rest of the entry."""
    for following in blocks[position + 1 : position + 3]:
        marker = following.marker
        if marker or len(following.text) > _WRAP_REST_MAX:
            return marker
    return None


def split_run_together(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Headings run together in one paragraph ('一、加强…。 二、紧扣…。', converted or pasted text, a
    news report quoting a plan, a summary's '明确了一、…；二、…；三、…'), and a list that starts after a
    label ('主要内容：1.关于…；2.关于…') become one block each.

    Only a run that counts on in order is split: '做到一、二季度工作衔接，三、四季度…' has no marker
    after a sentence end and stays whole. A run of one entry is split only where it cannot be a stray
    number: a top-level '一、' after a sentence end (the text was cut after its first section), or an
    entry after a label when the next line goes on with entry 2 ('调研课题：1.…' then '2.…') or starts
    its family afresh (Word's automatic list after a typed first entry).
    """
    out: list[Block] = []
    diags: list[Diagnostic] = []
    for position, block in enumerate(blocks):
        first = block.marker
        starts, after_label = _chain(block, first, lex)
        if not starts and first is None:
            starts = _inline_run(block)
        if len(starts) == 1 and first is None:
            entry = _run_in(block, starts[0])
            following = _next_entry(blocks, position)
            # the next line goes on with entry 2, or starts the family afresh: Word's automatic list after
            # a typed '主要内容：1.…' counts from 1 again (the outline reports the repeat)
            continues = following is not None and following.family == entry.family and following.ordinal in (1, 2)
            if not (continues if after_label else entry.family == "cn"):
                starts = []
        if not starts:
            out.append(block)
            continue
        bounds = [0, *starts, len(block.text)]
        out.extend(piece for a, b in pairwise(bounds) if (piece := block.piece(a, b)).text)
        diags.append(diagnostic("headings_split", block.ref, count=len(starts) + (first is not None)))
    return out, diags


# '目录', '提纲', and a site's '目录/提纲:……' (seen on a 范文 site) over the contents lines.
_TOC_HEAD = compiled(r"(?:目\s*录|提\s*纲)(?:\s*[/、]\s*(?:目\s*录|提\s*纲))?\s*[:：]?\s*[.…·]*")
# A contents line ends in leader dots and a page number: "一、总体要求……………3".
_TOC_PAGE = compiled(r"\s*(?:[.…·\-—]{2,}\s*)?\d{0,3}\s*$")


def drop_toc(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A table of contents ('目录' then the headings again) before the body: its entries are dropped, up
    to the line where its first entry comes back as a heading or the first line that is no entry (the
    document's title and opening after a site's '目录/提纲：……' block), so the outline is not doubled. A
    '目录' whose first entry never comes back is left alone (it is no table of contents)."""
    headings: dict[str, list[int]] | None = None  # each line without a page number → where it stands
    for position, block in enumerate(blocks):
        if not _TOC_HEAD.fullmatch(block.folded) or position + 1 >= len(blocks):
            continue
        if headings is None:
            headings = {}
            for i, line in enumerate(blocks):
                if not _TOC_PAGE.search(line.text).group().strip():
                    headings.setdefault(_TOC_PAGE.sub("", line.text), []).append(i)
        places = headings.get(_TOC_PAGE.sub("", blocks[position + 1].text), [])
        after = bisect_left(places, position + 2)
        if after == len(places):
            continue
        back = places[after]
        end = next((i for i in range(position + 1, back) if not _toc_entry(blocks[i])), back)
        return blocks[:position] + blocks[end:], [diagnostic("toc_removed", block.ref, lines=end - position - 1)]
    return blocks, []


def _toc_entry(block: Block) -> bool:
    """A contents line: a numbered heading, a line ending in leader dots and a page, or dots alone."""
    text = block.text
    return block.marker is not None or bool(_TOC_PAGE.search(text).group().strip()) or not _TOC_PAGE.sub("", text)


def report_masks(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """Censored or placeholder text (seed 003: '政z*', '共**党', 'XX', '20xx'): kept, but reported."""
    diags = []
    for block in blocks:
        text = block.text
        # every mask holds one of '*', 'X', 'x', '_' (str's `in` finds a character faster than a search)
        if "*" in text:
            found = MASK_RE.findall(text)
        elif "X" in text or "x" in text or "_" in text:
            found = _UNSTARRED_MASK_RE.findall(text)
        else:
            found = []
        if found:
            diags.append(diagnostic("masked_text", block.ref, words="、".join(dict.fromkeys(found))))
    return blocks, diags


# A clause before the end: the last line was a sentence going on, not a signature or a date.
_CLAUSE = compiled(r"[，,；;]")
# Quotes and brackets the last line opens and does not close: '四、围绕“加快金融'.
_PAIRS = {"“": "”", "(": ")", "《": "》", "「": "」", "『": "』", "[": "]"}
# A text that ends on a comma or an enumeration comma was cut: '…融入政协履职的全过程、'.
_MID_SENTENCE_END = compiled(r"[,，、:：]\s*$")
# Entries before the last that must have ended their sentences for an open last entry to be cut.
_FINISHED_BEFORE = 2


def report_truncation(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], list[Diagnostic]]:
    """A file cut off mid-sentence (a partial download, a copy that stopped). Its last line is:
    a sentence going on — open at the end, with a clause before ('…形成调研报告报送市委并推动'), or
    ending on a comma ('…融入政协履职的全过程、');
    one that opens a quote or bracket it does not close ('四、围绕“加快金融'); or a numbered entry
    left open where the entries before it ended their sentences ('7.完成2022年度提案' after six
    entries ending '。'). Not truncated: a closing signature or date ('政协XX市委员会办公室',
    '2024年1月10日'), or an open entry in a list whose entries are bare titles."""
    last = blocks[-1] if blocks else None
    if last is None or not (_MID_SENTENCE_END.search(last.folded) or _cut_off(last, blocks[:-1])):
        return blocks, []
    return blocks, [diagnostic("truncated", last.ref, end=last.text[-12:])]


def _cut_off(last: Block, before: list[Block]) -> bool:
    if not ends_open(last.text):
        return False
    folded = last.folded
    if cut_mid_sentence(last.text) or _CLAUSE.search(folded):
        return True
    if any(folded.count(opening) > folded.count(closing) for opening, closing in _PAIRS.items()):
        return True
    marker = last.marker
    if marker is None:
        return False
    siblings = [b.text for b in before if (m := b.marker) and m.family == marker.family]
    recent = siblings[-_FINISHED_BEFORE:]
    return len(recent) == _FINISHED_BEFORE and not any(ends_open(text) for text in recent)


class Step(NamedTuple):
    run: Cleaner
    zh: str  # what a person reads in `zxparse stages`


CLEANERS: dict[str, Step] = {
    "romanization": Step(drop_romanization, "删去镜像页插在正文里的拼音"),
    "paywall": Step(drop_paywall, "删去付费墙提示，标出被隐去的部分"),
    "text_tables": Step(unflatten, "把一格一行的表格还原成行"),
    "noise": Step(drop_noise, "删去文库网站的导航、计数、声明等杂项"),
    "line_times": Step(drop_line_times, "删去图文直播行尾的发布时间"),
    "toc": Step(drop_toc, "删去重复标题的目录"),
    "captions": Step(drop_captions, "删去图片说明"),
    "page_numbers": Step(drop_page_numbers, "删去页码"),
    "run_together": Step(split_run_together, "拆开连在一行里的多个标题"),
    "wrapped_titles": Step(join_wrapped_titles, "接回折行的标题"),
    "broken_lines": Step(join_broken_lines, "接回被分页断开的行"),
    "hard_wraps": Step(join_hard_wraps, "接回硬换行断开的段落"),
    "masks": Step(report_masks, "报告被遮挡的字（如 政z*）"),
    "truncation": Step(report_truncation, "报告在句中断掉的文件"),
}


# What a fingerprint reads: the characters that carry the text (Han, letters, digits), not spacing,
# punctuation or layout, which differ between formats and sites.
_CARRIERS = compiled(r"[\p{Han}\p{L}\p{N}]+")
FINGERPRINT_HEX = 16


def fingerprint(blocks: list[Block]) -> str:
    """The same document from any format or site has one fingerprint: a hash of its cleaned text
    folded (half-width, simplified) with only the characters that carry it, lower-cased."""
    text = "".join(part for block in blocks for part in _CARRIERS.findall(block.folded)).lower()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_HEX]


def clean(blocks: list[Block], lex: Lexicon, skip: Collection[str] = ()) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks the cleaners keep, in the order of CLEANERS, but those named in `skip`."""
    diagnostics: list[Diagnostic] = []
    for name, step in CLEANERS.items():
        if name in skip:
            continue
        blocks, diags = step.run(blocks, lex)
        diagnostics.extend(diags)
    return blocks, diagnostics
