"""Stage 3 — outline: numbered headings become a tree; the rest is body text of the node above.

Steps, in order:
1. split the blocks into parts at bare attachment lines ('附件', '附件2'): each attachment is a
   top-level node, and its numbering starts afresh;
2. in each part, a restart of the top numbering (一、 after 三、) means the part is a compilation of
   several units: each unit becomes an unnumbered heading node, titled by the short lines before it;
3. markers nest by family in order of appearance (a stack: a family already open closes what is
   below it; a new family opens a level below the current one);
4. each node's heading is split from a run-in body (`1．提高政治站位。以…`), run-in points
   (一是…二是…) are listed, and numbering gaps and repeats become diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import regex

from .blocks import Block, Composed, is_heading_line
from .chinese import CN_NUMERAL, cn_to_int, cut_mid_sentence, fold
from .diagnostics import diagnostic
from .lexicon import Bounded, Lexicon
from .limits import option
from .models import Diagnostic, Node, SourceRef
from .numbering import Marker
from .pattern_cache import compiled

# Nodes that no marker numbers: a compilation's unit, an attachment, a chapter a paywall hid.
UNCOUNTED = ("heading", "attachment", "gap")

_DASH = compiled(r"\s*(?:——|--|—)\s*(?=\S)")
_BULLET = compiled(r"\s*[◆◇●○■□▲△★☆►▶•]\s*(?=\S)")
_ATTACHMENT = compiled(r"附\s*件\s*\d*\s*[:：]?")
_SENTENCE_END = compiled(r"[。；;！!？?]")
_CLAUSE_END = compiled(r"[，,：:]")
_SENTENCE_END_OR_BRACKET = compiled(r"[。；;！!？?（()）]")
# 一是… 二是…: a run-in point starts the text or follows a sentence end.
_POINT = compiled(rf"(?:^|(?<=[。；;！!？?\n]))\s*(?P<n>[{CN_NUMERAL}]{{1,3}})是")


@dataclass
class Draft:
    """A node while the tree is being built."""

    family: str
    label: str
    ordinal: int
    title: str
    block: Block
    body: list[tuple[str, Block]] = field(default_factory=list)  # each line with where it was read
    children: list[Draft] = field(default_factory=list)
    unit: str | None = None


@dataclass(frozen=True)
class Line:
    """A line of a node's body with the block it was read from: the block's text, the part of a
    heading's block after its title, or a line a page break cut with the rest joined to it."""

    text: str
    block: Block

    @cached_property
    def folded(self) -> str:
        return self.block.folded if self.text == self.block.text else fold(self.text)


@dataclass
class Section:
    """A node's blocks, kept: the block its heading was read from, its title as cut from it, and its
    body lines; and through them where any words of the title or the text (lines joined by '\n')
    are written (`title_span`, `text_span`: (start, end) → a ref with start and end, or None)."""

    heading: Block
    title: str
    lines: list[Line]

    @cached_property
    def title_span(self) -> Callable[[int, int], SourceRef | None]:
        return _composed([(self.title, self.heading)], heading=True).span

    @cached_property
    def text_span(self) -> Callable[[int, int], SourceRef | None]:
        return _composed([(line.text, line.block) for line in self.lines]).span


@dataclass
class Outline:
    nodes: list[Node]
    preamble: list[Block]  # blocks before the first heading: title, notice, foreword
    diagnostics: list[Diagnostic]
    sections: dict[str, Section] = field(default_factory=dict)  # node id → its blocks


def is_field_line(marker: Marker, above: Marker | None, lex: Lexicon) -> bool:
    """'（一）协商形式：…' numbers the fields of the item above it, a node of another family; it opens
    no node. With no node above, or one of its own family ('一、活动时间：…' then '二、活动内容'), it is
    a section of the document."""
    nested = above is not None and above.family != marker.family
    return nested and lex.field_label_re.match(marker.folded_rest) is not None


def find_markers(blocks: list[Block], lex: Lexicon) -> dict[Block, Marker]:
    """block → the marker that opens it: numbered markers, then runs of '——' paragraphs and bullets."""
    markers: dict[Block, Marker] = {}
    above = None
    for block in blocks:
        if (m := block.marker) and not is_field_line(m, above, lex):
            markers[block] = above = m
    markers |= _dash_markers(blocks, markers)
    return markers | _bullet_markers(blocks, markers)


def _bullet_markers(blocks: list[Block], markers: dict[Block, Marker]) -> dict[Block, Marker]:
    """'◆关于推动新能源产业发展' under '一、重点协商': bullets are headings, counted from the last
    numbered heading. A bullet is one family whatever its symbol (◆ ● ■ are used interchangeably)."""
    found: dict[Block, Marker] = {}
    count = 0
    for block in blocks:
        if block in markers:
            count = 0
        elif m := _BULLET.match(block.folded):
            count += 1
            found[block] = _marker_at("bullet", count, block, m.end())
    return found


def _dash_markers(blocks: list[Block], markers: dict[Block, Marker]) -> dict[Block, Marker]:
    """'——加强思想政治引领。…' paragraphs in a row are siblings, numbered in turn. A single dash line
    is no list: '——2023年全市政协创新工作集锦' under a title is a subtitle (seed 001)."""
    found: dict[Block, Marker] = {}
    run: list[tuple[Block, int]] = []  # each with where its dash ends
    for block in [*blocks, None]:
        if block is not None and block not in markers and (dash := _DASH.match(block.folded)):
            run.append((block, dash.end()))
            continue
        if len(run) >= 2:
            for ordinal, (b, cut) in enumerate(run, start=1):
                found[b] = _marker_at("dash", ordinal, b, cut)
        run = []
    return found


def _marker_at(family: str, ordinal: int, block: Block, cut: int) -> Marker:
    """A marker that ends at offset `cut` of the block."""
    return Marker(family, ordinal, block.text[:cut].strip(), block.text[cut:].strip(), block.folded[cut:].strip())


# A plan written as prose (a news report of the year's plan) has no numbering; its sections open
# with a sentence that counts a form of work or the topics ('召开1场全体会议协商。', '3项重点调研将聚焦…',
# '对口协商议题共有5个：…', '同时，有2个议题计划实施专题协商，即：…'), or with a point that names a
# kind of work and lists it ('一是会议，包括…等9个会议'). Sentences open after these.
_SENTENCE_START = compiled(r"(?:^|(?<=[。；;！!？?]))\s*")
_CONNECTIVE = r"(?:(?:同时|此外|另外|今年|全年|按照计划)[,，]?\s*)?"
_OPENER_VERB = r"(?:在|有|召开|开展|组织|举办|举行|安排|进行|实施)?\s*"
_POINT_SECTION = compiled(
    rf"(?P<n>[{CN_NUMERAL}]{{1,2}})是(?P<what>[^，,。；;：:]{{1,8}})[，,：:]\s*(?:包括|即|主要是|主要有|有)"
)
# A section's title is its first clause when that is this short, else the count it opens with.
_PROSE_TITLE_MAX = 20
_CONNECTIVE_RE = compiled(_CONNECTIVE)
_CLAUSE_OR_SENTENCE_END = compiled(r"[,，。；;：:！!？?]")


def _prose_sections(blocks: list[Block], lex: Lexicon) -> tuple[list[Block], dict[Block, Marker]]:
    """The blocks with each prose section split off at the sentence that opens it, and a marker for
    each section (family 'prose', no label). Points that list no kind of work stay points; a count
    inside a sentence ('…全年共安排重点协商议题24个，其中…') opens nothing, nor does a sentence of
    several counts ('专题议政性常委会议议题3个，主席专题协商会议议题2个。': a summary)."""
    opener = lex.pattern(rf"{_CONNECTIVE}{_OPENER_VERB}(?:{lex.count_re.pattern})", "sections")
    out: list[Block] = []
    markers: dict[Block, Marker] = {}
    for block in blocks:
        folded = block.folded
        starts = [
            m.end()
            for m in _SENTENCE_START.finditer(folded)
            if _POINT_SECTION.match(folded, m.end())
            or (opener.match(folded, m.end()) and len(lex.count_re.findall(_sentence_at(folded, m.end()))) == 1)
        ]
        bounds = [0, *starts, len(block.text)]
        opened = set(starts)
        for a, b in pairwise(bounds):
            piece = block.piece(a, b) if (a, b) != (0, len(block.text)) else block
            if not piece.text:
                continue
            out.append(piece)
            if a in opened:
                title = _prose_title(piece, opener)
                markers[piece] = Marker("prose", len(markers) + 1, "", piece.text, piece.folded, title=title)
    return out, markers


def _sentence_at(text: str, start: int) -> str:
    end = _SENTENCE_END.search(text, start)
    return text[start : end.end() if end else len(text)]


def _prose_title(piece: Block, opener: Bounded) -> str:
    """'召开1场全体会议协商', '在10项重要协商中', '3项重点调研', '会议' (from '一是会议，包括…')."""
    text, folded = piece.text, piece.folded
    if point := _POINT_SECTION.match(folded):
        return text[point.start("what") : point.end("what")]
    start = _CONNECTIVE_RE.match(folded).end()
    clause = _CLAUSE_OR_SENTENCE_END.search(folded, start)
    end = clause.start() if clause else len(text)
    if end - start <= _PROSE_TITLE_MAX:
        return text[start:end]
    count = opener.match(folded)
    return text[start : count.end()]


def build_outline(blocks: list[Block], lex: Lexicon) -> Outline:
    markers = find_markers(blocks, lex)
    if not markers:
        blocks, markers = _prose_sections(blocks, lex)
    parts = _split_attachments(blocks, markers)
    roots: list[Draft] = []
    preamble: list[Block] = []
    diagnostics: list[Diagnostic] = []
    for number, (head, part) in enumerate(parts):
        drafts, leading = _build_part(part, markers, lex, diagnostics)
        if head is None:
            roots.extend(drafts)
            preamble.extend(leading)
        else:
            title_block = leading[0] if leading and is_heading_line(leading[0]) else None
            wrapper = Draft("attachment", head.text, number, title_block.text if title_block else "", head)
            wrapper.body = [(b.text, b) for b in leading if b is not title_block]
            wrapper.children = drafts
            roots.append(wrapper)
    sections: dict[str, Section] = {}
    nodes = [_to_node(d, str(i), 1, sections) for i, d in enumerate(roots, start=1)]
    diagnostics.extend(_sequence_diagnostics(nodes))
    return Outline(nodes=nodes, preamble=preamble, diagnostics=diagnostics, sections=sections)


def _split_attachments(blocks: list[Block], markers: dict[Block, Marker]) -> list[tuple[Block | None, list[Block]]]:
    """[(None, main part), (attachment line, its blocks), …]; an attachment line counts only once a
    heading has been seen (a notice's own '附件' line before the plan is no attachment)."""
    parts: list[tuple[Block | None, list[Block]]] = [(None, [])]
    seen_heading = False
    for block in blocks:
        seen_heading |= block in markers
        if seen_heading and _ATTACHMENT.fullmatch(block.folded):
            parts.append((block, []))
        else:
            parts[-1][1].append(block)
    return parts


def _build_part(
    blocks: list[Block], markers: dict[Block, Marker], lex: Lexicon, diagnostics: list[Diagnostic]
) -> tuple[list[Draft], list[Block]]:
    """The drafts of one part, and the blocks that come before its first heading."""
    units = _unit_headings(blocks, markers)
    unit_lines = {b for pair in units.values() for b in pair if b is not None}
    roots: list[Draft] = []
    stack: list[Draft] = []
    order: dict[str, int] = {}  # family → rank, by first appearance
    last_seen: dict[str, int] = {}  # family → last ordinal, for numbering that runs on across sections
    leading: list[Block] = []
    for position, block in enumerate(blocks):
        if position in units:
            title, unit = units[position]
            heading = Draft("heading", "", len(roots) + 1, title.text, title, unit=unit.text if unit else None)
            roots.append(heading)
            stack = [heading]
            continue
        if block in unit_lines:
            continue
        marker = markers.get(block)
        if marker is None:
            if stack:
                stack[-1].body.append((block.text, block))
            else:
                leading.append(block)
            continue
        if stack and position and cut_mid_sentence(blocks[position - 1].text) and not _fits(marker, stack, last_seen):
            # '…提升到' / '2、3个百分点…': a number opening a line that a page break cut is text
            body = stack[-1].body
            body[-1:] = [(body[-1][0] + block.text, body[-1][1].joined(block))] if body else [(block.text, block)]
            diagnostics.append(diagnostic("marker_in_continuation", block.ref, label=marker.label))
            continue
        if block.after_gap and not _fits(marker, stack, last_seen):
            stack = _open_gap(stack, roots, order, block)
        if marker.corrupt:
            diagnostics.append(diagnostic("marker_corrupted", block.ref, label=marker.label))
        last_seen[marker.family] = marker.ordinal
        order.setdefault(marker.family, len(order))
        base = 1 if stack and stack[0].family == "heading" else 0
        while len(stack) > base and order.get(stack[-1].family, -1) >= order[marker.family]:
            stack.pop()
        title, run_in = (marker.title, marker.rest) if marker.title is not None else _split_title(marker.rest)
        draft = Draft(
            marker.family, marker.label, marker.ordinal, title, block, body=[(run_in, block)] if run_in else []
        )
        (stack[-1].children if stack else roots).append(draft)
        stack.append(draft)
    return roots, leading


def _open_gap(stack: list[Draft], roots: list[Draft], order: dict[str, int], block: Block) -> list[Draft]:
    """After a part the page hid, a restarted number opens a chapter that was cut away: an untitled
    node (family 'gap') stands for that chapter's heading, a sibling of the top heading open, and the
    numbering after it nests under it. Returns the stack with the gap open."""
    base = 1 if stack and stack[0].family == "heading" else 0
    if len(stack) <= base:
        return stack
    order["gap"] = order[stack[base].family]
    gap = Draft("gap", "", 0, "", block)
    (stack[base - 1].children if base else roots).append(gap)
    return [*stack[:base], gap]


def _fits(marker: Marker, stack: list[Draft], last_seen: dict[str, int]) -> bool:
    """Whether `marker` can be the next heading: the next sibling of an open node of its family,
    or the first of a new run (1, or continuing the family's numbering from the last section)."""
    sibling = next((d for d in reversed(stack) if d.family == marker.family), None)
    if sibling is not None and marker.ordinal == sibling.ordinal + 1:
        return True
    return marker.ordinal in (1, last_seen.get(marker.family, 0) + 1)


def _unit_headings(blocks: list[Block], markers: dict[Block, Marker]) -> dict[int, tuple[Block, Block | None]]:
    """Where a compilation's units start: position → (title block, unit-name block or None).

    Only when the top numbering restarts (seed 001: 一二三 under three units in turn) — a single
    numbered run keeps its title in the preamble. Before each run, the last short lines that are no
    sentence are the unit's heading: '凝心聚力促发展 实干担当谱新篇' then '南通经济技术开发区政协工委'.
    """
    numbered = [(i, markers[b]) for i, b in enumerate(blocks) if b in markers]
    if not numbered:
        return {}
    top = numbered[0][1].family
    starts = [numbered[0][0]]
    last = numbered[0][1].ordinal
    for position, marker in numbered[1:]:
        if marker.family == top:
            if marker.ordinal <= last and marker.ordinal == 1:
                starts.append(position)
            last = marker.ordinal
    if len(starts) < 2:
        return {}
    units: dict[int, tuple[Block, Block | None]] = {}
    floor = 0
    for start in starts:
        run = _heading_run(blocks, floor, start, markers)
        floor = start
        if not run:
            continue
        unit = blocks[run[-1]] if len(run) >= 2 and _is_org_line(blocks[run[-1]]) else None
        title_at = run[-2] if unit else run[-1]
        units[title_at] = (blocks[title_at], unit)
    return units


def _heading_run(blocks: list[Block], floor: int, start: int, markers: dict[Block, Marker]) -> list[int]:
    """The positions of the run of heading lines nearest above `start`, skipping intro paragraphs in
    between, in reading order."""
    run: list[int] = []
    for position in range(start - 1, floor - 1, -1):
        block = blocks[position]
        if block in markers:
            break
        if is_heading_line(block):
            run.append(position)
        elif run:
            break
    return run[::-1]


_ORG_LINE = compiled(r"[\p{Han}()（）]{2,24}(?:政协工委|政协|委员会|工委)")


def _is_org_line(block: Block) -> bool:
    return _ORG_LINE.fullmatch(block.folded) is not None


def _split_title(rest: str) -> tuple[str, str]:
    """'提高政治站位。以习近平…' → ('提高政治站位', '以习近平…'); a heading with no short first
    sentence is all title — unless it is a whole paragraph whose full stop was lost ('加强学习培训，
    进步委员素质按照年初制定的…' in a scanned report): then its first clause is the title."""
    m = _first_sentence_end(rest)
    title_max = option("title_max")
    if m and m.start() <= title_max and rest[m.end() :].strip():
        return rest[: m.start()].strip(), rest[m.end() :].strip()
    clause = _CLAUSE_END.search(rest)
    if (
        len(rest) > option("paragraph_min")
        and (m is None or m.start() > title_max)
        and clause
        and clause.start() <= title_max
    ):
        return rest[: clause.start()].strip(), rest[clause.end() :].strip()
    return rest.rstrip("。;；"), ""


def _first_sentence_end(text: str) -> regex.Match | None:
    """The first sentence end outside brackets: '（牵头：农业农村委；配合：经济委）' is one owner tail."""
    depth = 0
    for m in _SENTENCE_END_OR_BRACKET.finditer(text):
        if m.group() in "（(":
            depth += 1
        elif m.group() in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return m
    return None


def point_title(point: str) -> tuple[str, str]:
    """A run-in point as an item: its first sentence (or, when that is long, its first clause) is the
    title, the rest its text: '对营商环境开展民主监督，推动问题整改。…' → ('对营商环境开展民主监督，推动问题整改', '…')."""
    title, rest = _split_title(point)
    title_max = option("title_max")
    if len(title) > title_max and (clause := _CLAUSE_END.search(point)) and clause.start() <= title_max:
        return point[: clause.start()].strip(), point[clause.end() :].strip()
    return title, rest


def run_in_points(text: str) -> list[str]:
    """'一是聚焦…。二是坚持…。' → ['聚焦…。', '坚持…。']: only a run that counts 一, 二, 三… in order."""
    starts = []
    for m in _POINT.finditer(text):
        if cn_to_int(m.group("n")) == len(starts) + 1:
            starts.append((m.start("n"), m.end()))
    if len(starts) < 2:
        return []
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return [text[body:end].strip() for (_, body), end in zip(starts, ends, strict=False)]


def _to_node(draft: Draft, node_id: str, level: int, sections: dict[str, Section]) -> Node:
    """The node of `draft`, its section (and its children's) recorded in `sections`."""
    text = "\n".join(line for line, _ in draft.body)
    sections[node_id] = Section(draft.block, draft.title, [Line(line, block) for line, block in draft.body])
    return Node(
        id=node_id,
        label=draft.label,
        ordinal=draft.ordinal,
        level=level,
        title=draft.title,
        text=text,
        children=[_to_node(c, f"{node_id}.{i}", level + 1, sections) for i, c in enumerate(draft.children, start=1)],
        source=draft.block.ref,
        text_sources=[block.ref for _, block in draft.body],
        family=draft.family,
        unit=draft.unit,
        points=run_in_points(text),
    )


def _composed(lines: list[tuple[str, Block]], heading: bool = False) -> Composed:
    """Where each of `lines` (joined by '\n') is in its block: a body line is its block's text or the
    end of it (a run-in body after its heading); a heading's title follows its marker, the first place
    it is found in its line."""
    parts, at = [], 0
    for line, block in lines:
        skip = block.text.find(line) if heading else len(block.text) - len(line)
        if line and skip >= 0 and block.text.startswith(line, skip):
            parts.append((at, block, skip))
        at += len(line) + 1
    return Composed(tuple(parts))


def _sequence_diagnostics(nodes: list[Node]) -> list[Diagnostic]:
    """Gaps, repeats and restarts among numbered siblings. Numbering that continues across
    sections (seed 002: 1…18 under 一…六) is the documents' own style and passes silently, and so
    does the first number after a paywall (the list began in the part it hid)."""
    diags: list[Diagnostic] = []
    last_seen: dict[str, int] = {}

    def visit(siblings: list[Node], resumed: bool) -> None:
        prev: Node | None = None
        for node in siblings:
            if node.family not in UNCOUNTED and not (resumed and prev is None):
                expected = (
                    {prev.ordinal + 1}
                    if prev and prev.family == node.family
                    else {1, last_seen.get(node.family, 0) + 1}
                )
                if node.ordinal not in expected:
                    kind = "repeat" if prev and node.ordinal == prev.ordinal else "gap"
                    expected_text = " or ".join(map(str, sorted(expected)))
                    diags.append(diagnostic(f"numbering_{kind}", node.source, label=node.label, expected=expected_text))
                last_seen[node.family] = node.ordinal
            prev = node
            if node.family in UNCOUNTED:
                last_seen.clear()
            visit(node.children, node.family == "gap")  # a hidden chapter's list starts where the page resumes

    visit(nodes, False)
    return diags
