"""Stage 4 — items: which outline nodes are plan items, their fields, and declared counts.

A plan item is a numbered leaf under a numbered section (seed 000's 1、 under （一） under 二、).
A document whose numbered leaves are all top-level sections (a compilation's 一、二、三、 under each
unit) has those sections as its items. Fields come from a parenthesised tail — an owner
'（提案委）' or a labelled '（责任单位：文史委、办公室）' — and from 'label：value' text in the body.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import regex

from .blocks import Block, is_heading_line
from .chinese import CN_NUMERAL, cn_to_int, ends_open, fold, int_to_cn, split_names
from .classify import (
    Body,
    Topic,
    classify_topic,
    committee,
    committees_in,
    domains_of,
    doubt,
    form_named,
    heading_evidence,
    item_domain_spans,
    leaders_in,
    read_body,
)
from .classify import (
    Evidence as TopicEvidence,
)
from .diagnostics import diagnostic
from .lexicon import HAS_COUNT, Lexicon
from .limits import option
from .models import (
    Committee,
    DeclaredCount,
    Diagnostic,
    Item,
    ItemEvidence,
    Node,
    SourceRef,
    TimeSpec,
    headings_of,
    node_places,
    walk,
)
from .outline import Outline, Section, point_title, run_in_points
from .pattern_cache import compiled

UNNUMBERED = ("heading", "attachment", "prose")
T = TypeVar("T")

# '（9项）', '(共33项)', '（2个）' at the end of a heading.
_HEADING_COUNT = compiled(r"[(（]\s*(?P<total>共)?\s*(?P<n>\d+)\s*(?P<unit>项|个|条|次)\s*[)）]\s*$")


def _heading_count(folded: str) -> regex.Match | None:
    return _HEADING_COUNT.search(folded) if _closes(folded) else None


def _closes(text: str) -> bool:
    """Whether `text` has a closing bracket, as every heading count and tail has: most titles need no search."""
    return ")" in text or "）" in text


def _has_colon(folded: str) -> bool:
    """Whether `folded` has a colon, as every field label has: most texts need no search."""
    return ":" in folded or "：" in folded


def _without_count(title: str, folded: str | None = None) -> str:
    m = _heading_count(fold(title) if folded is None else folded)
    return title[: m.start()].rstrip() if m else title


# A parenthesised tail: the owner '(提案委)' or labelled fields '（责任单位：文史委、办公室）'.
_TAIL = compiled(r"[(（](?P<inner>[^()（）]{1,60})[)）]\s*$")
# A topic title quoted in a news-style plan: '围绕“推动数字经济与实体经济深度融合”…开展专题协商'.
# Quotes shorter than `quoted_min` are slogans and abbreviations ('“十四五”', '“两个确立”'), longer than
# `quoted_max` a passage.
_QUOTE = compiled(r"[“\"「](?P<title>[^“”\"「」]{2,200})[”\"」]")
_SEMICOLON = compiled(r"[;；]")
_QUOTE_MARK = compiled(r"[“”「」\"]")
_SENTENCE = compiled(r"[^。；;！!？?]+[。；;！!？?]?")
_FIELD_END = compiled(r"[。；;\n]")
_FIELD_END_BRACKETED = compiled(r"[。；;\n)]")

# Time words → months. '上半年', '第二季度', '7月', '3月20日', '全年'.
_QUARTERS = {"一": (1, 2, 3), "二": (4, 5, 6), "三": (7, 8, 9), "四": (10, 11, 12)}
_NUMBER = compiled(r"\d+")
_RANGE = compiled(r"[至到\-—~～]")  # '7-9月', '6月至7月'
# 全年 before a noun qualifies the noun, it is no time: '完成全年工作任务', '全年20项重点工作', '全年的协商计划'.
_WHOLE_YEAR_NOUN = r"\s*(?:的|工作|任务|目标|计划|重点|协商计划|议题|各项|\d|[一二三四五六七八九十两]+[项个次场件])"
# A time followed by these words is a time in the past, not the plan's: '按照年初制定的方案', '年初以来'.
_TIME = compiled(
    r"(?:(?P<months>(?:\d{1,2}\s*(?:月份?)?\s*[、,，至到\-—~～]\s*)*\d{1,2})\s*月(?:份|\d{1,2}日)?"
    rf"|(?P<half>上|下)半年|第?(?P<quarter>[一二三四1-4])季度|(?P<year>全年(?!{_WHOLE_YEAR_NOUN})|年内|年底|年初))"
    r"(?!\s*(?:以来|制定|确定|出台|印发))"
)


@dataclass
class ItemDraft:
    """An item as `items` finds it — its place, words, fields, owners and time — before `classify`
    gives it a topic, its forms, domains and leaders (`classified`) and `keys` what the document says
    of it beyond its own words (`settled`)."""

    node_id: str | None
    label: str
    title: str
    text: str
    fields: dict[str, str]
    committees: list[Committee]
    source: SourceRef
    time: TimeSpec | None
    time_at: SourceRef | None  # where the time is written
    own: str  # the item's own words for its type: its title and its 协商形式 field
    headings: list[str]  # the titles above it, nearest first, as written…
    folded_headings: list[str | None]  # …and folded, where the outline has them
    topic_body: str | Body  # what classify weighs as its body
    traced: Traced  # where its words were read, for its evidence
    body: Body | None = None  # `text` read for classify, where it was
    id: str = ""


# Kinds of document that list no plan of their own: an agenda names plans, rules say how to choose
# topics ('（一）围绕中央的重大部署决策选择题目'), a call for topics asks for them.
NO_ITEMS = ("agenda", "rules", "call_for_topics")


def plan_nodes(
    nodes: list[Node], lex: Lexicon, facts: Facts, preamble: list[Block] = (), doc_kind: str = "other"
) -> tuple[list[tuple[Node, tuple[Node, ...], bool]], list[Node]]:
    """(the item nodes with their ancestors and whether their points are the items, placeholder nodes). Items are the numbered leaves under a
    numbered section, or the numbered leaves themselves when no section is numbered — and a section
    with no numbered entries among sections that have them is an item when its points (一是…二是…)
    are: they become its items. Not in a section that looks back (a review of last year's work), not
    outside the plan sections of a report, not in a list a meeting's business opens ('会议主要内容：'),
    and not a placeholder line."""
    duties = lex.section_res["duties"]
    if doc_kind in NO_ITEMS or any(duties.search(b.folded) for b in preamble if is_heading_line(b)):
        return [], []  # no plan, or a body's standing duties ('区政协提案委员会职责')
    lead = preamble[-1].folded if preamble else ""
    kept: list[tuple[Node, tuple[Node, ...]]] = []
    placeholders: list[Node] = []
    for node, ancestors in walk(nodes):
        if node.children or node.family in UNNUMBERED or not _in_plan(node, ancestors, lead, doc_kind, facts):
            continue
        if node.folded_title.rstrip().endswith("?"):
            continue  # a question an opinion request asks ('今年应重点协商哪些问题？') plans nothing
        if lex.section_res["placeholders"].search(node.folded_title):
            placeholders.append(node)
        else:
            kept.append((node, ancestors))
    nested = {id(n) for n, a in kept if any(p.family not in UNNUMBERED for p in a)}
    if not nested:
        return [(n, a, False) for n, a in kept], placeholders
    # '二、民主监督。一是对…开展民主监督；二是…' beside sections of numbered items: the points of a
    # section that names a form of work are its items; a section of principles or measures has none
    sections = {id(n) for n, a in kept if id(n) not in nested and _is_section(n, a, lex)}
    return [(n, a, id(n) in sections) for n, a in kept if id(n) in nested or id(n) in sections], placeholders


def _in_plan(node: Node, ancestors: tuple[Node, ...], lead: str, doc_kind: str, facts: Facts) -> bool:
    """`lead` is the preamble's last line, folded."""
    aside, planned = facts.above(tuple(a.folded_title for a in ancestors), doc_kind)
    if aside or facts.aside(node.folded_title):
        return False  # '一、2018年工作回顾', '二、办公室主要职责'
    if doc_kind == "report" and not (planned or facts.planned(node.folded_title)):
        return False  # a report's plan is its '2019年主要任务', not its review or its reflections
    text = ancestors[-1].folded_text if ancestors else lead
    return not facts.opens_agenda(text)


def _aside(title: str, lex: Lexicon) -> bool:
    """Whether a heading (folded) sets its entries aside from the plan: a review of past work, a
    body's standing duties."""
    return bool(lex.section_res["review"].search(title) or lex.section_res["duties"].search(title))


def _opens_agenda(text: str, lex: Lexicon) -> bool:
    """Whether the last line of `text` (folded) opens a meeting's business: '会议主要内容：'."""
    opener = text.rsplit("\n", 1)[-1].rstrip()
    return opener.endswith(":") and lex.section_res["agenda_leads"].search(opener) is not None


_UNSEEN = object()


class Facts:
    """What a document's headings say and which lines its sections hold, each read once whatever the
    number of items under them (a heading can be a paragraph long and hold hundreds): one for a
    document, read by `items` and by `classify`."""

    def __init__(self, lex: Lexicon, sections: Mapping[str, Section] | None = None) -> None:
        self.lex = lex
        self.sections = sections or {}
        self._seen: dict[tuple, object] = {}

    def _once(self, key: tuple, compute: Callable[[], T]) -> T:
        found = self._seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._seen[key] = compute()
        return found

    def aside(self, folded_title: str) -> bool:
        return self._once(("aside", folded_title), lambda: _aside(folded_title, self.lex))

    def planned(self, folded_title: str) -> bool:
        """Whether a heading (folded) opens the part of a report that plans ('2019年主要任务')."""
        return self._once(("plan", folded_title), lambda: bool(self.lex.section_res["plan"].search(folded_title)))

    def above(self, folded_titles: tuple[str, ...], doc_kind: str) -> tuple[bool, bool]:
        """Whether any of the headings above an entry (folded) is aside, and — in a report — opens its
        plan: read once for all the entries they hold."""
        return self._once(
            ("above", doc_kind, *folded_titles),
            lambda: (
                any(map(self.aside, folded_titles)),
                doc_kind == "report" and any(map(self.planned, folded_titles)),
            ),
        )

    def opens_agenda(self, folded_text: str) -> bool:
        return self._once(("agenda", folded_text), lambda: _opens_agenda(folded_text, self.lex))

    def owners(self, title: str) -> list[Committee]:
        return self._once(("owners", title), lambda: _owners(title, self.lex))

    def without_count(self, heading: str, folded: str | None = None) -> str:
        return self._once(("without_count", heading), lambda: _without_count(heading, folded))

    def time(self, heading: str) -> tuple[TimeSpec, int] | None:
        """The time a heading names ('县政协2022年10月份重点工作') and where it starts in it."""
        return self._once(("time", heading), lambda: time_in(heading))

    def inherited(self, headings: list[str]) -> list[TopicEvidence]:
        """What an item's headings (nearest first, without their counts) say of its type."""
        return self._once(("inherited", *headings), lambda: heading_evidence(headings, self.lex))

    def domain_spans(self, title: str, body: Body) -> tuple[str, list[tuple[str, int, int]]]:
        """An item's domain terms (item_domain_spans), read once for the items that share its words:
        a table's rows repeat their topic for each committee, a list its verb for each topic."""
        return self._once(("domains", title, body.lead), lambda: item_domain_spans(title, body, self.lex))

    def title_span(self, node: Node) -> Place:
        """Where words of a node's title are written (none for a node no outline made)."""
        section = self.sections.get(node.id)
        return section.title_span if section else _nowhere

    def text_span(self, node: Node) -> Place:
        """Where words of a node's text (its lines joined by '\n') are written."""
        section = self.sections.get(node.id)
        return section.text_span if section else _nowhere

    def lines(self, node: Node) -> list[tuple[str, str, SourceRef]]:
        """The lines of a node's text, as written and folded, each with where it was read: read from
        the blocks its section keeps."""
        return self._once(
            ("lines", node.id),
            lambda: [(line.text, line.folded, line.block.ref) for line in self.sections[node.id].lines],
        )


def find_items(
    outline: Outline, lex: Lexicon, facts: Facts, doc_kind: str = "other"
) -> tuple[list[ItemDraft], list[Node]]:
    """The plan items of an outline, found (`classified` types them), and its placeholder lines. A
    document that is no plan (an agenda, rules, a call for topics) holds none; a plan written as
    prose (a news report of the plan, with no numbering) has the topics it quotes as items, inferred."""
    nodes, preamble = outline.nodes, outline.preamble
    chosen, placeholders = plan_nodes(nodes, lex, facts, preamble, doc_kind)
    lead = preamble[-1].text if preamble and is_heading_line(preamble[-1]) else ""
    items = [
        item
        for node, ancestors, by_points in chosen
        for item in (
            _point_items(node, ancestors, lead, lex, facts) if by_points else [_item(node, ancestors, lead, lex, facts)]
        )
    ]
    for i, item in enumerate(items, start=1):
        item.id = f"item-{i}"
    if not items and doc_kind not in NO_ITEMS:
        items = _prose_items(nodes, preamble, lex, facts)
    return items, placeholders


def settled(items: list[Item], nodes: list[Node], title: str | None, lex: Lexicon, facts: Facts) -> list[Item]:
    """What the document says of its items beyond their own words: the committee its `title` opens
    with (its own plan, its own news: '社法委召开…') owns the items that name no owner, its time
    section times those that name no time; then each item's stable key."""
    owned = _owned_by(items, document_owner(title or "", lex))
    return with_keys(_timed_by_schedule(owned, nodes, lex, facts), nodes)


def low_confidence(items: list[Item]) -> list[Diagnostic]:
    """A diagnostic for each item whose type is unsure, so staff know what to check."""
    return [
        diagnostic(
            "topic_low_confidence",
            i.source,
            item=i.id,
            title=i.title[:30],
            topic=i.topic_type,
            why=doubt(i.topic_type, i.topic_source),
        )
        for i in items
        if i.topic_confidence == "low"
    ]


def count_items(
    outline: Outline, items: list[Item], placeholders: list[Node], lex: Lexicon, facts: Facts
) -> tuple[list[DeclaredCount], list[Diagnostic]]:
    """The counts the document declares, reconciled with its items; a diagnostic for each count the
    items do not meet."""
    prose = _prose_lines(outline.nodes, outline.preamble, facts)
    counts = declared_counts(outline.nodes, items, placeholders, prose, lex)
    return counts, [
        diagnostic("count_mismatch", c.source, text=c.text, count=c.count, found=c.found)
        for c in counts
        if c.found is not None and c.found + c.placeholders != c.count
    ]


def placeholder_diagnostics(placeholders: list[Node]) -> list[Diagnostic]:
    return [diagnostic("placeholder_item", n.source, title=n.title) for n in placeholders]


# How long the committee a title opens with may be: '社会法制群团委员会'.
_OWNER_MAX = 16


# What follows a name the lexicon does not know when it is the subject of a title: its year or what
# it does ('社法群委召开…'); not the rest of a phrase that only ends like a name ('委员同心汇 让委员…').
_ACTS = compiled(r"\s*(?:\d|召开|举办|举行|组织|开展|赴|深入|关于)")


def document_owner(title: str, lex: Lexicon) -> Committee | None:
    """The committee a title opens with, after its body's name ('市政协社法委2016年工作计划',
    '社法群委召开…联席会议'): the longest known name, else the shortest that ends like a committee's —
    not a township's work committee ('镇政协工委'), which is the body, nor the office that sent it."""
    folded = fold(title)
    prefix = lex.org_prefix_re.match(folded)
    start = prefix.end() if prefix else 0
    found = [
        c
        for end in range(start + 3, min(len(title), start + _OWNER_MAX) + 1)
        if (c := _committee_of_body(title[start:end], lex, "inferred")) and (c.canonical or _ACTS.match(folded, end))
    ]
    owner = next((c for c in reversed(found) if c.canonical), found[0] if found else None)
    return None if owner is None or owner.canonical in lex.committees.issuers else owner


def _committee_of_body(name: str, lex: Lexicon, source: str = "explicit") -> Committee | None:
    """The committee `name` is, when it is one of a CPPCC's committees, not a whole body ('县委',
    '镇政协工委')."""
    found = committee(name, lex, source)
    return None if found is None or lex.body_name_re.search(fold(found.name)) else found


# A line of a plan's time section: a time, then the activity it is for ('6月份：召开民主评议会。').
_SCHEDULE_LINE = compiled(rf"\s*(?P<when>{_TIME.pattern})\s*[:：,，]?\s*(?P<what>.+?)[。；;]?\s*$")
# An activity and an item are the same when one holds the other's words, at least this many of them.
_SAME_MIN = 4


def _timed_by_schedule(items: list[Item], nodes: list[Node], lex: Lexicon, facts: Facts) -> list[Item]:
    """Items that name no time take it from the plan's time section ('二、时间安排' over '3月份：组织委员
    开展专题视察。'), from the line whose activity is the item."""
    lines = [
        (line, folded)
        for node, _ in walk(nodes)
        if lex.role_of(node.title.strip()) == "time"
        for line, folded, _ in facts.lines(node)
    ]
    entries = [
        (TimeSpec(text=line[m.start("when") : m.end("when")], months=_months(m), origin="schedule"), what)
        for line, folded in lines
        if (m := _SCHEDULE_LINE.match(folded)) and len(what := _NOT_WORD.sub("", m.group("what"))) >= _SAME_MIN
    ]
    if not entries:
        return items  # no time section: no item's title need be read
    timed = []
    for item in items:
        title = _NOT_WORD.sub("", fold(item.title))
        if item.time is None and len(title) >= _SAME_MIN:
            found = next((time for time, what in entries if what in title or title in what), None)
            item = _with(item, "time", found, found.text) if found else item
        timed.append(item)
    return timed


def _owned_by(items: list[Item], owner: Committee | None) -> list[Item]:
    if owner is None:
        return items
    return [item if item.committees else _with(item, "committees", [owner], owner.name) for item in items]


_EVIDENCE_ORDER = ("title", "topic_terms", "forms", "domain_terms", "committees", "leaders", "counterparts", "time")


def _with(item: Item, what: str, value: object, text: str) -> Item:
    """`item` with `what` set to `value`, read from words `text` outside the item (the document's title,
    the plan's time section): its evidence has no span."""
    evidence = [*item.evidence, ItemEvidence(field=what, text=text)]
    evidence.sort(key=lambda e: _EVIDENCE_ORDER.index(e.field))
    return item.model_copy(update={what: value, "evidence": evidence})


_NOT_WORD = compiled(r"[\W_]+")


def item_key(headings: Iterable[str], title: str) -> str:
    """The stable key of an item under `headings` (outermost first) with `title`: from words only,
    folded, so numbering, punctuation, spacing and script do not move it — a re-numbered or reordered
    section keeps its items' keys; a retitled one gives them new ones."""
    return _key(_key_words(text) for text in (*headings, title))


def _key_words(text: str) -> str:
    return _NOT_WORD.sub("", fold(text))


def _key(words: Iterable[str]) -> str:
    return hashlib.sha1("/".join(words).encode("utf-8")).hexdigest()[:8].upper()


def with_keys(items: list[Item], nodes: list[Node]) -> list[Item]:
    """`items` with their keys; a key already taken in the plan gets '-2', '-3' in reading order. An
    item that is not its node's own (a point 一是…, a topic read from the node's prose) has the node
    among its headings."""
    places = node_places(nodes)
    seen: Counter[str] = Counter()
    words: dict[str, str] = {}  # a heading's words, read once for the items under it
    keyed = []
    for item in items:
        texts = [*(node.title for node in headings_of(item, places)), item.title]
        key = _key(words[t] if t in words else words.setdefault(t, _key_words(t)) for t in texts)
        seen[key] += 1
        keyed.append(item.model_copy(update={"key": key if seen[key] == 1 else f"{key}-{seen[key]}"}))
    return keyed


def _prose_lines(
    nodes: list[Node], preamble: list[Block], facts: Facts
) -> list[tuple[str, str, SourceRef, str | None]]:
    """Every line of running text, as written and folded, with where it was read and the node it
    belongs to (None: the preamble)."""
    lines = [(line, folded, ref, None) for line, folded, ref in _runs([(b.text, b.folded, b.ref) for b in preamble])]
    for node, _ in walk(nodes):
        lines += [(line, folded, ref, node.id) for line, folded, ref in _runs(facts.lines(node))]
    return lines


Found = tuple[str, str, list[str], list[Committee], str]  # title, sentence, headings, owners, label


def _prose_items(nodes: list[Node], preamble: list[Block], lex: Lexicon, facts: Facts) -> list[ItemDraft]:
    """The items of a plan written as prose: the topics each prose section lists ('开展3场专题协商会。
    围绕“A”、B、“C”3个课题开展专题协商' → A, B, C under it), or the section itself when it lists none
    ('召开1场全体会议协商。'); and outside sections, the points a count announces ('做好三件事：一是…'),
    what a committee will do ('社法委将…'), and the topics of a sentence that names their form
    ('按照计划，…通过专题议政性常委会会议实施协商，…「A」…「B」')."""
    found: list[tuple[Found, str | None, SourceRef]] = []  # what was found, its node, where
    for line, folded, ref in _runs([(b.text, b.folded, b.ref) for b in preamble]):
        found += [(f, None, ref) for f in _line_items(line, folded, None, lex)]
    for node, _ in walk(nodes):
        section = node if node.family == "prose" else None
        listed = []
        for line, folded, ref in _runs(facts.lines(node)):
            # a section is its opening paragraph; paragraphs after it only run on from it
            own = section if section is not None and ref.block == node.source.block else None
            listed += [(f, node.id, ref) for f in _line_items(line, folded, own, lex)]
        if section is not None and not listed:
            listed = [((node.title, node.text, [], [], ""), node.id, node.source)]
        found += listed
    texts = {node.id: [(node.text, facts.text_span(node))] for node, _ in walk(nodes)}
    lines: dict[int, list[tuple[str, Place]]] = {}
    for block in preamble:  # a line split in pieces is all of them
        lines.setdefault(block.index, []).append((block.text, block.span))
    items = []
    for i, ((title, sentence, headings, owners, label), node_id, ref) in enumerate(found, start=1):
        read_in = texts[node_id] if node_id is not None else lines.get(ref.block, [])
        text_at = _once_in(read_in, sentence)
        above = tuple((heading, _once_in(read_in, heading)) for heading in headings)  # words around it
        traced = Traced(_once_in(read_in, title), text_at, above, tail=(sentence, text_at) if owners else None)
        time, time_at = _time({}, title, sentence, [], lex, facts, traced)
        items.append(
            ItemDraft(
                id=f"item-{i}",
                node_id=node_id,
                label=label,
                title=title,
                text=sentence,
                fields={},
                committees=owners,
                source=ref,
                time=time,
                time_at=time_at,
                own=title,
                headings=headings,
                folded_headings=[None] * len(headings),
                topic_body="",
                traced=traced,
            )
        )
    return items


def _once_in(texts: list[tuple[str, Place]], words: str) -> Place:
    """The place of `words` read from one of `texts` (each with its place) where they are written
    exactly once there: then that is where they were read. Written twice, or not as one run (across
    a line a wrap cut), they have none."""
    found = [(place, at) for text, place in texts for at in _occurrences(text, words)]
    return _from(*found[0]) if len(found) == 1 else _nowhere


def _occurrences(text: str, words: str) -> list[int]:
    """Where `words` start in `text`, up to the second time."""
    first = text.find(words) if words else -1
    if first < 0:
        return []
    second = text.find(words, first + 1)
    return [first] if second < 0 else [first, second]


# A line cut by a hard wrap is at least `wrapped_min` long, stops mid-sentence, and is no shorter than
# the line it runs on into (the last line of a wrapped paragraph is the shortest; a title is shorter
# than the paragraph under it).


def _runs(lines: list[tuple[str, str, SourceRef]]) -> list[tuple[str, str, SourceRef]]:
    """Lines of running text with the lines a hard wrap cut joined again, each run where it starts:
    a sentence is read whole even when the wrap was too short for the cleaner to see."""
    runs: list[tuple[str, str, SourceRef]] = []
    if not lines:
        return runs  # most nodes have no text of their own
    wrapped_min = option("wrapped_min")
    for (line, folded, ref), before in zip(lines, [None, *lines], strict=False):
        cut = before is not None and len(before[0]) >= max(wrapped_min, len(line)) and ends_open(before[0])
        if cut:
            runs[-1] = (runs[-1][0] + line, runs[-1][1] + folded, runs[-1][2])
        else:
            runs.append((line, folded, ref))
    return runs


def _line_items(line: str, folded: str, section: Node | None, lex: Lexicon) -> list[Found]:
    """What a line of running text plans: the points a count announces, else one item for each
    sentence whose subject is a committee that will act, and the topics of the other sentences."""
    if section is None and (points := _counted_points(line, folded)):
        return points
    found: list[Found] = []
    for at, to in _sentences(folded):
        sentence, folded_sentence = line[at:to], folded[at:to]
        if section is None and (points := _work_points(sentence, folded_sentence)):
            found += points
        elif owned := _owned(sentence, folded_sentence, lex):
            found.append(owned)
        else:
            topics = [(*t, [], "") for t in _topics(sentence, folded_sentence, section, lex)]
            counted = _counted_lists(sentence, folded_sentence, lex) if section is None else []
            found += _in_order(sentence, topics + [c for c in counted if not _among(c[0], topics)])
    return found


def _among(title: str, found: list[Found]) -> bool:
    """Whether a topic is one found already, or holds one or sits in one."""
    return any(title in other or other in title for other, *_ in found)


def _in_order(sentence: str, found: list[Found]) -> list[Found]:
    return sorted(found, key=lambda f: sentence.find(f[0]))


# A plan adopted, then its points as '；' clauses: '确定了2024年度工作要点，围绕A开展专题协商；围绕B开展…'.
_POINTS_ADOPTED = compiled(
    r"(?:确定|明确|通过|部署|提出)了?[^，,。；;]{0,30}?(?:工作要点|工作计划|协商计划|重点工作|工作任务)[，,：:]\s*"
)


def _work_points(sentence: str, folded: str) -> list[Found]:
    """The '；' clauses after a plan adopted, each an item, when there are two or more."""
    m = _POINTS_ADOPTED.search(folded)
    clauses = _split_outside_quotes(folded, m.end(), len(folded.rstrip("。！!？?")), ";；") if m else []
    if len(clauses) < 2:
        return []
    return [(sentence[a:b], sentence, [], [], "") for a, b in clauses if b > a]


# How far after a count its list may open: '开展3次专题协商，分别围绕…'. A member shorter than
# _COUNTED_MEMBER_MIN is a slogan's word ('围绕中心、服务大局'), not a topic.
_COUNTED_LIST_GAP = 6
_COUNTED_MEMBER_MIN = 4
# A counted list ends at a clause's end, 等, or the verb of its form ('…开展', '…组织视察协商活动').
_COUNTED_LIST_END = r"[，,；;。！!？?]|等|进行|开展|组织(?=\p{{Han}}{{0,2}}(?:{forms}))"


def _counted_lists(sentence: str, folded: str, lex: Lexicon) -> list[Found]:
    """The lists that follow each count of a form of work in a sentence ('开展3次专题协商，围绕A、B、C
    进行，组织2次视察，围绕D、E'): each member an item of the form its count names."""
    counts = list(lex.count_re.finditer(folded))  # a list ends where the next count begins ('…2个课题')
    found: list[Found] = []
    for m, following in zip(counts, [*counts[1:], None], strict=False):
        if not form_named(m.group("what") or m.group("what2") or "", lex):
            continue
        stop = following.start() if following else len(folded)
        opener = lex.list_opener_re.search(folded, m.end(), stop)
        if opener is None or opener.start() - m.end() > _COUNTED_LIST_GAP:
            continue
        list_end = lex.pattern(_COUNTED_LIST_END.format(forms=lex.form_terms), "topics")
        end = list_end.search(folded, opener.end(), stop)
        members = _split_outside_quotes(folded, opener.end(), end.start() if end else stop, "、")
        if len(members) >= 2 and all(_COUNTED_MEMBER_MIN <= b - a <= _MEMBER_MAX for a, b in members):
            count = sentence[m.start() : m.end()]
            found += [(sentence[slice(*_unquoted(folded, a, b))], sentence, [count], [], "") for a, b in members]
    return found


# A count of things to do, then a colon: '今年着重做好三件事：', '主要抓好三方面工作：'.
_POINTS_COUNT = compiled(
    rf"(?P<n>[{CN_NUMERAL}\d]{{1,3}})\s*(?:个)?(?:方面|件|项|个)(?:重点)?(?:工作|事|任务|事情)?\s*[:：]"
)


def _counted_points(line: str, folded: str) -> list[Found]:
    """The points after a count that announces them: '做好三件事：一是A。二是B。三是C。' → A, B, C —
    as many points as counted; a leader's '一要…二要…' and points nobody counted are no plan."""
    for m in _POINTS_COUNT.finditer(folded):
        points = run_in_points(line[m.end() :])
        n = m.group("n")
        if points and len(points) == (int(n) if n.isdigit() else cn_to_int(n)):
            return [(*point_title(p), [], [], f"{int_to_cn(i)}是") for i, p in enumerate(points, start=1)]
    return []


# A sentence whose subject is a committee that will act: '今年，社法委将着力提升…，为…'.
_OWNER_SENTENCE = compiled(
    r"\s*(?:(?:今年|明年|年内|同时|此外|下一步)[,，]?\s*)?(?P<who>\p{Han}{2,16}?)将(?P<what>[^,，。；;！!？?]{4,})"
)


def _owned(sentence: str, folded: str, lex: Lexicon) -> Found | None:
    """The item of a sentence whose subject is a committee + 将: what it will do (the first clause)
    is the title, the committee its owner."""
    m = _OWNER_SENTENCE.match(folded)
    owner = _committee_of_body(sentence[m.start("who") : m.end("who")], lex) if m else None
    if owner is None:
        return None
    return sentence[m.start("what") : m.end("what")], sentence, [sentence[m.end("what") :]], [owner], ""


# A full sentence: a list of topics runs through its semicolons ('即：A；B。').
_FULL_SENTENCE = compiled(r"[^。！!？?]+[。！!？?]?")
# Where a list of topics ends: '等', the verb it is for ('…进行', '开展对口协商', not a member's own
# '…脱贫致富实施、'), or a count of what it lists ('3个课题', lex.count_re).
_LIST_END = compiled(r"等|为议题|(?:进行|开展|展开|实施)(?![、，,])|[。！!？?]")
_MEMBER_MIN, _MEMBER_MAX = 2, 40
# A book title is a topic when the sentence is about carrying it out: '对《优化营商环境条例》贯彻落实情况开展视察'.
_BOOK = compiled(r"《(?P<title>[^《》]{4,60})》(?P<about>(?:贯彻落实|贯彻实施|实施|执行)(?:情况)?)?")
# A quote of three or more short phrases is a slogan: '“科教兴区、海洋富区、工业强区”'.
_SLOGAN = compiled(r"(?:\p{Han}{2,4}[、，,]){2,}\p{Han}{2,4}")
# A topic inside another: '“X”联合调研“Y”分课题' is the one item X.
_PART_OF = compiled(r"[”」\"](?:分|子)(?:课题|议题)")


# A sentence is read whole up to `sentence_max` characters (the longest in the corpus has 709). A
# longer run without a full stop (a table or a list pasted as one line, a page that lost its
# punctuation) is read in pieces that end at a clause end: a topic's text (its sentence) stays a
# sentence's length, each piece is read once, and no lexicon pattern runs over megabytes at a time.
_CLAUSE_ENDS = "；;，,"


def _sentences(folded: str, sentence: regex.Pattern = _FULL_SENTENCE) -> Iterator[tuple[int, int]]:
    """(start, end) of each `sentence` of a folded line, a long one cut at clause ends."""
    most = option("sentence_max")
    for m in sentence.finditer(folded):
        start, end = m.span()
        while end - start > most:
            cut = max(folded.rfind(mark, start, start + most) for mark in _CLAUSE_ENDS) + 1
            cut = cut if cut > start else start + most
            yield start, cut
            start = cut
        yield start, end


def _topics(line: str, folded_line: str, section: Node | None, lex: Lexicon) -> list[tuple[str, str, list[str]]]:
    """(title, sentence, headings nearest first) for each topic a line of running text (and the line
    folded) names. In a prose section, every list and quote is its topics; elsewhere only a sentence
    that names a form of work lists topics."""
    topics = []
    for at, to in _sentences(folded_line):
        sentence, folded = line[at:to], folded_line[at:to]
        if section is None and form_named(sentence, lex, folded) is None and not _counted_list(folded, lex):
            continue
        # (start, end, end of its list): members of one list share what follows the list
        lists = _list_spans(folded, lex)
        if section is None:  # outside a section, a list is topics only when what follows names their form
            named = {end: form_named(_clause_at(sentence, end), lex) for end in {span[2] for span in lists}}
            lists = [span for span in lists if named[span[2]] is not None]
        spans = _quoted_spans(sentence, folded, lex) + _book_spans(sentence, folded, section) + lists
        kept: list[tuple[int, int, int]] = []
        for start, end, list_end in sorted(spans, key=lambda span: (span[0], -span[2])):
            if not kept or start >= kept[-1][1]:  # in order and apart: only the last kept can overlap
                kept.append((start, end, list_end))
        # what is done with a topic: the words after its list (up to the next topic), then the sentence
        # without its topics, then the section it is in
        bounds = [0, *[x for a, b, _ in kept for x in (a, b)], len(sentence)]
        around = "".join(sentence[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
        starts = [a for a, _, _ in kept]
        for start, end, list_end in kept:
            after = bisect_left(starts, list_end)
            following = starts[after] if after < len(starts) else len(sentence)
            headings = [sentence[list_end:following], around, *([section.title] if section else [])]
            topics.append((sentence[start:end], sentence, headings))
    return topics


_CLAUSE_END = compiled(r"[,，。；;！!？?]")
# A quoted list of topics: '“A社区拟…；B社区拟…；C社区拟…等……”'.
_QUOTED_LIST = compiled(r"[“「\"][^“”「」\"]*[;；][^“”「」\"]*[”」\"]")


def _counted_list(folded: str, lex: Lexicon) -> bool:
    """Whether a sentence quotes a list of topics and then counts them: '“A；B；C……”主持人共发布14个协商议题'."""
    quoted = _QUOTED_LIST.search(folded)
    return quoted is not None and lex.count_re.search(folded, quoted.end()) is not None


def _clause_at(sentence: str, start: int) -> str:
    """The words from `start` to the end of their clause: '等课题开展专题协商' in '围绕A、B等课题开展专题协商，…'."""
    end = _CLAUSE_END.search(sentence, start)
    return sentence[start : end.start() if end else len(sentence)]


def _quoted_spans(sentence: str, folded: str, lex: Lexicon) -> list[tuple[int, int, int]]:
    """Quoted titles that are topics — not a brand that names a form ('“有事好商量”'), not a slogan —
    and the members of a list of topics in one quote ('“加快A；推进B；完善C”')."""
    spans = []
    for m in _QUOTE.finditer(folded):
        start, end = m.span("title")
        if _SEMICOLON.search(m.group("title")):
            spans += [(a, b, end) for a, b in _split_outside_quotes(folded, start, end, ";；") if _MEMBER_MIN <= b - a]
        elif _PART_OF.match(folded, end):
            continue
        elif option("quoted_min") <= end - start <= option("quoted_max") and not form_named(
            sentence[start:end], lex, m.group("title")
        ):
            spans += [] if _SLOGAN.fullmatch(m.group("title")) else [(start, end, end)]
    return spans


def _book_spans(sentence: str, folded: str, section: Node | None) -> list[tuple[int, int, int]]:
    """《…》 titles: in a prose section every one ('对《关于…的建议》《…》等10件重点提案'); elsewhere one
    whose carrying out is the topic."""
    return [(*m.span("title"), m.end()) for m in _BOOK.finditer(folded) if section is not None or m.group("about")]


def _list_spans(folded: str, lex: Lexicon) -> list[tuple[int, int, int]]:
    """Members of an unquoted list after an opener ('包括A、B等', '即：A；B', '围绕“A”、B、“C”3个课题'):
    two or more, split at semicolons when it has them, else at 、 outside quotes and brackets."""
    spans = []
    for opener in lex.list_opener_re.finditer(folded):
        ends = [
            m.start() for m in (_LIST_END.search(folded, opener.end()), lex.count_re.search(folded, opener.end())) if m
        ]
        stop = min(ends, default=len(folded))
        semicolons = _SEMICOLON.search(folded, opener.end(), stop) is not None
        members = [
            member
            for a, b in _split_outside_quotes(folded, opener.end(), stop, ";；" if semicolons else "、")
            for member in _quote_run(folded, a, b)
        ]
        # a member of a 、 list with a comma of its own means the words are a clause, not a list
        clause = not semicolons and any(_has_comma(folded, a, b) for a, b in members)
        if len(members) >= 2 and not clause and all(_MEMBER_MIN <= b - a <= _MEMBER_MAX for a, b in members):
            spans += [(*_unquoted(folded, a, b), stop) for a, b in members]
    return spans


# Quotes one after another with nothing between them are as many members: '“A”“B”“C”5个课题'.
_ONE_QUOTE = compiled(r"[“「\"][^“”「」\"]+[”」\"]")
_QUOTE_RUN = compiled(rf"(?:{_ONE_QUOTE.pattern}){{2,}}")


def _quote_run(text: str, a: int, b: int) -> list[tuple[int, int]]:
    if not _QUOTE_RUN.fullmatch(text, a, b):
        return [(a, b)]
    return [m.span() for m in _ONE_QUOTE.finditer(text, a, b)]


def _has_comma(text: str, a: int, b: int) -> bool:
    """A comma outside quotes: '这个议题,三方将…' has one, '“推进…延伸,壮大…产业”' has none."""
    return any(text[i] in ",，" for i, _ in _outside_quotes(text, a, b))


def _outside_quotes(text: str, start: int, stop: int) -> Iterator[tuple[int, str]]:
    """(offset, character) of the characters of text[start:stop] outside quotes and brackets."""
    depth = 0
    for i in range(start, stop):
        ch = text[i]
        if ch in "“「『《(":
            depth += 1
        elif ch in "”」』》)":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield i, ch


def _split_outside_quotes(text: str, start: int, stop: int, separators: str) -> list[tuple[int, int]]:
    pieces, begin = [], start
    for i, ch in _outside_quotes(text, start, stop):
        if ch in separators:
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, stop))
    return [_trimmed(text, a, b) for a, b in pieces]


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """A member without the spaces, commas and joining words around it ('以及提前作好换届筹备工作')."""
    while a < b and text[a] in " ，,、以及和与":
        a += 1 + (text[a : a + 2] == "以及")
    while b > a and text[b - 1] in " ，,":
        b -= 1
    return a, b


def _unquoted(text: str, a: int, b: int) -> tuple[int, int]:
    """A member that is one quote is the words inside it."""
    if b - a > 2 and text[a] in '“「"' and text[b - 1] in '”」"' and not _QUOTE_MARK.search(text, a + 1, b - 1):
        return a + 1, b - 1
    return a, b


def _fields_after(title: str, lex: Lexicon) -> tuple[str, dict[str, str], int]:
    """A title that runs on into fields ('开展乡村振兴专项视察，时间：3月下旬'; a PDF line that glued
    '时间安排：10月' to the title above it; a bracketed tail whose close was lost, '…调研（牵头：农业农村委'):
    the title before the first label, the fields, and where they start in `title`."""
    folded = fold(title)
    m = lex.field_label_re.search(folded) if _has_colon(folded) else None
    if m is None or m.start() == 0:
        return title, {}, len(title)
    return title[: m.start()].rstrip(" ，,；;（("), parse_fields(title[m.start() :], lex), m.start()


def split_tail(title: str, lex: Lexicon) -> tuple[str, dict[str, str], list[Committee]]:
    """'围绕…协商建言(办公室、研究室)' → ('围绕…协商建言', {}, [办公室, 研究室]);
    a tail that is neither fields nor committees ('（试行）', '(共33项)') stays in the title."""
    return _split_tail(title, lex)[:3]


def _split_tail(title: str, lex: Lexicon) -> tuple[str, dict[str, str], list[Committee], int]:
    """split_tail, and where the inside of the tail starts in `title`."""
    m = _TAIL.search(title) if _closes(title) else None
    if not m:
        return title, {}, [], len(title)
    fields = parse_fields(m.group("inner"), lex)
    owners = [] if fields else committees_in(m.group("inner"), lex)
    if not fields and not owners:
        return title, {}, [], len(title)
    return title[: m.start()].rstrip(), fields, owners, m.start("inner")


def parse_fields(text: str, lex: Lexicon, folded: str | None = None) -> dict[str, str]:
    """'时间安排：4月 牵头界别组：无党派组' → {'时间安排': '4月', '牵头界别组': '无党派组'} (see field_spans)."""
    return {label: text[a:b] for label, (a, b) in field_spans(text, lex, folded).items()}


def field_spans(text: str, lex: Lexicon, folded: str | None = None) -> dict[str, tuple[int, int]]:
    """Each label of `text` → where its value is in `text`: (start, end).

    A value runs to the next label or the end of its sentence, so labels inside prose
    ('…组织实施。牵头领导：…。') are read as well as one label per line; a label inside brackets
    ('…政治责任（责任单位：一办六委）。') ends its value at the closing bracket. `folded` is `text`
    folded, where the caller has it.
    """
    folded = fold(text) if folded is None else folded
    if not _has_colon(folded):
        return {}
    matches = list(lex.field_label_re.finditer(folded))
    fields: dict[str, tuple[int, int]] = {}
    still_open = False  # the last value ended at a '；' inside brackets
    for m, following in zip(matches, [*matches[1:], None], strict=False):
        end = following.start() if following else len(text)
        before = m.start()
        while before and folded[before - 1].isspace():
            before -= 1
        # inside brackets: after '(', or after the '；' that ended a bracketed value
        # ('（牵头单位：学习委；配合单位：办公室）': 办公室 ends at the bracket too)
        bracketed = folded[before - 1 : before] == "(" or (
            still_open and _SEMICOLON.match(folded, before - 1) is not None
        )
        stop = (_FIELD_END_BRACKETED if bracketed else _FIELD_END).search(folded, m.end(), end)
        still_open = bracketed and stop is not None and _SEMICOLON.match(folded, stop.start()) is not None
        raw = text[m.end() : stop.start() if stop else end]
        value = raw.strip(" \t，,、")
        if value:
            at = m.end() + len(raw) - len(raw.lstrip(" \t，,、"))
            fields.setdefault(text[m.start("label") : m.end("label")], (at, at + len(value)))
    return fields


def parse_time(text: str) -> TimeSpec | None:
    found = time_in(text)
    return found[0] if found else None


def time_in(text: str) -> tuple[TimeSpec, int] | None:
    """The first time `text` names, and where it starts in it."""
    folded = fold(text)
    if "月" not in folded and "年" not in folded and "季" not in folded:
        return None  # every time names a month, a year's part or a quarter
    m = _TIME.search(folded)
    return (TimeSpec(text=text[m.start() : m.end()], months=_months(m)), m.start()) if m else None


def _months(m: regex.Match) -> list[int]:
    """The months a match of _TIME covers."""
    if m.group("months"):
        numbers = [int(n) for n in _NUMBER.findall(m.group("months"))]
        months = list(range(numbers[0], numbers[-1] + 1)) if _RANGE.search(m.group("months")) else numbers
    elif m.group("half"):
        months = list(range(1, 7)) if m.group("half") == "上" else list(range(7, 13))
    elif m.group("quarter"):
        q = m.group("quarter")
        months = list(_QUARTERS[q] if q in _QUARTERS else _QUARTERS["一二三四"[int(q) - 1]])
    else:
        months = (
            list(range(1, 13)) if m.group("year") in ("全年", "年内") else [12] if m.group("year") == "年底" else [1]
        )
    return [month for month in months if 1 <= month <= 12]


# A schedule told in prose: sentences that open with their months ('5月中旬，组织…。6月中旬和11月下旬，…').
_PART = r"\d{1,2}\s*月(?:份|上旬|中旬|下旬|初|中|底|末)?"
_SCHEDULED = compiled(rf"(?:^|(?<=[。；;！!？?\n]))\s*(?P<when>{_PART}(?:\s*(?:和|、|至|到|及)\s*{_PART})*)\s*[，,]")


_STOP = compiled(r"[。；;！!？?\n]")


def _ends_at(text: str, start: int) -> int:
    """Where the sentence running at `start` ends."""
    stop = _STOP.search(text, start)
    return stop.start() if stop else len(text)


# A sentence told in the past ('组织委员考察学习，认真理解了…') reports work done, not planned; 了解 is a verb.
_DONE = compiled(r"了(?!解)")


def scheduled_time(text: str, folded: str | None = None) -> TimeSpec | None:
    """The months of the sentences of `text` that open with a time, as one time: a prose schedule
    (not a report of work done). `folded` is `text` folded, where the caller has it."""
    folded = fold(text) if folded is None else folded
    if "月" not in folded:
        return None  # every schedule's time names a month
    whens = [
        m.span("when")
        for m in _SCHEDULED.finditer(folded)
        if not _DONE.search(folded, m.end(), _ends_at(folded, m.end()))
    ]
    months = {month for a, b in whens for m in _TIME.finditer(folded, a, b) for month in _months(m)}
    if not months:
        return None
    return TimeSpec(text="；".join(text[a:b] for a, b in whens), months=sorted(months), origin="text")


def _values(fields: dict[str, str], role: str, lex: Lexicon) -> list[str]:
    return [name for label, value in fields.items() if lex.role_of(label) == role for name in split_names(value)]


def _is_section(node: Node, ancestors: tuple[Node, ...], lex: Lexicon) -> bool:
    """A section among items: no numbered section above it, points, and a form of work in its title."""
    numbered_above = any(a.family not in UNNUMBERED for a in ancestors)
    return bool(node.points) and not numbered_above and form_named(node.title, lex) is not None


def _point_items(node: Node, ancestors: tuple[Node, ...], lead: str, lex: Lexicon, facts: Facts) -> list[ItemDraft]:
    """The points of a section as its items: '一是对营商环境开展民主监督。' is item 一是 of the
    section, with the section as its heading; each is traced to the line it was read from."""
    items = []
    lines = facts.lines(node)
    headings = [node.title, *(a.title for a in reversed(ancestors))]
    folded_headings = [node.folded_title, *(a.folded_title for a in reversed(ancestors))]
    after = 0
    for number, point in enumerate(node.points, start=1):
        title, text = point_title(point)
        ref = next((r for line, _, r in lines if point[:10] in line), node.source)
        at = node.text.find(point, after)  # the points are the node's text, in order
        after = max(at, after)
        rest_at = at + len(point) - len(text) if at >= 0 else -1
        text_span = facts.text_span(node)
        traced = Traced(_from(text_span, at), _from(text_span, rest_at), _read((node, *ancestors[::-1]), facts))
        time, time_at = _time({}, title, text, [*headings, lead], lex, facts, traced)
        items.append(
            ItemDraft(
                node_id=node.id,
                label=f"{int_to_cn(number)}是",
                title=title,
                text=text,
                fields={},
                committees=[],
                source=ref,
                time=time,
                time_at=time_at,
                own=_own_words(title, parse_fields(text, lex), lex),
                headings=headings,
                folded_headings=folded_headings,
                topic_body=text,
                traced=traced,
            )
        )
    return items


def _item(node: Node, ancestors: tuple[Node, ...], lead: str, lex: Lexicon, facts: Facts) -> ItemDraft:
    """An item from its outline node; `lead` is the heading line before the document's first list
    (the title of a month's task list in a news report), read for the item's time."""
    title, tail_fields, owners, tail_at = _split_tail(_without_count(node.title, node.folded_title), lex)
    title, title_fields, fields_at = _fields_after(title, lex)
    fields = tail_fields | title_fields
    in_body = field_spans(node.text, lex, node.folded_text)
    fields |= {k: node.text[a:b] for k, (a, b) in in_body.items() if k not in fields}
    title_span, text_span = facts.title_span(node), facts.text_span(node)
    traced = Traced(
        title_span if node.title.startswith(title) else _nowhere,
        text_span,
        _read(ancestors[::-1], facts),
        {k: _from(text_span, a) for k, (a, _) in in_body.items()}
        | _placed(node, tail_fields, tail_at, facts)
        | _placed(node, title_fields, fields_at, facts),
        (node.title[tail_at:], _from(title_span, tail_at)) if owners else None,
    )
    units = ("lead_unit", "assist_unit", "lead_group") if fields else ()  # most items have no fields
    committees = owners + [c for role in units for c in committees_in("、".join(_values(fields, role, lex)), lex)]
    if not committees:  # owned by the heading it sits under: '（二）经济委' or '…（提案委）' above its items
        for ancestor in reversed(ancestors):
            inherited = facts.owners(ancestor.title)
            if inherited:
                committees = [c.model_copy(update={"source": "inferred"}) for c in inherited]
                break
    headings = [a.title for a in reversed(ancestors)]
    body = read_body(node.text, lex, node.folded_text)
    time, time_at = _time(fields, title, node.text, [*headings, lead], lex, facts, traced, node.folded_text)
    return ItemDraft(
        node_id=node.id,
        label=node.label,
        title=title,
        text=node.text,
        fields=fields,
        committees=committees,
        source=node.source,
        time=time,
        time_at=time_at,
        own=_own_words(title, fields, lex),
        headings=headings,
        folded_headings=[a.folded_title for a in reversed(ancestors)],
        topic_body=body,
        traced=traced,
        body=body,
    )


def _read(headings: Iterable[Node], facts: Facts) -> tuple[tuple[str, Place], ...]:
    return tuple((node.title, facts.title_span(node)) for node in headings)


def _placed(node: Node, fields: dict[str, str], at: int, facts: Facts) -> dict[str, Place]:
    """Where the values of `fields`, read from the node's title from offset `at`, are in the title."""
    if not fields:
        return {}
    spans = field_spans(node.title[at:], facts.lex)
    return {k: _from(facts.title_span(node), at + spans[k][0]) for k in fields if k in spans}


def _owners(title: str, lex: Lexicon) -> list[Committee]:
    """The committees a heading names as the owner of the items under it: '（二）经济委', '…（提案委）'."""
    named = committee(title, lex)
    return split_tail(title, lex)[2] or ([named] if named else [])


def _own_words(title: str, fields: dict[str, str], lex: Lexicon) -> str:
    """What an item says of its own type: its title, and its form field ('协商形式：专题议政性常委会议'
    under 专题协商), which is its own words too."""
    return " ".join([title, *_values(fields, "form", lex)])


Place = Callable[[int, int], SourceRef | None]  # offsets in a text → where those words are written


def _nowhere(start: int, end: int) -> None:
    return None


def _from(place: Place, offset: int) -> Place:
    """`place` for a text that starts `offset` characters into the one `place` maps (-1: not in it)."""
    return _nowhere if offset < 0 else lambda start, end: place(offset + start, offset + end)


@dataclass(frozen=True)
class Traced:
    """Where an item's words were read, so that each value names its span: places for its title and
    its text, the headings above it (nearest first, as classify weighs them: each with its place),
    each field's value (label → place), and the owner tail of its title (its text from the tail on,
    and its place)."""

    title: Place = _nowhere
    text: Place = _nowhere
    headings: tuple[tuple[str, Place], ...] = ()
    fields: dict[str, Place] = field(default_factory=dict)
    tail: tuple[str, Place] | None = None

    def heading(self, depth: int, start: int, end: int) -> SourceRef | None:
        return self.headings[depth][1](start, end) if depth < len(self.headings) else None


def item_topic(title: str, headings: list[str], text: str, lex: Lexicon) -> Topic:
    """The topic of an item read on its own (a correction's added item, a labelled example): `headings`
    nearest first, as written."""
    own = _own_words(title, parse_fields(text, lex), lex)
    return _topic(own, headings, [None] * len(headings), text, Facts(lex))


def _topic(own: str, headings: list[str], folded_headings: list[str | None], body: str | Body, facts: Facts) -> Topic:
    """The topic of an item that says `own` of itself under `headings` (nearest first, with their
    counts, which say nothing of the type, left out)."""
    headings = [facts.without_count(h, folded) for h, folded in zip(headings, folded_headings, strict=True)]
    return classify_topic(own, headings, body, facts.lex, facts.inherited(headings))


def standalone_item(
    node_id: str, label: str, title: str, text: str, source: SourceRef, headings: list[str], lex: Lexicon
) -> Item:
    """An item read on its own, outside a parse (a correction adds it): under `headings`, nearest
    first, which give its type and its time when it names none."""
    facts = Facts(lex)
    time, time_at = _time({}, title, text, headings, lex, facts, Traced())
    draft = ItemDraft(
        node_id=node_id,
        label=label,
        title=title,
        text=text,
        fields={},
        committees=[],
        source=source,
        time=time,
        time_at=time_at,
        own=_own_words(title, parse_fields(text, lex), lex),
        headings=headings,
        folded_headings=[None] * len(headings),
        topic_body=text,
        traced=Traced(),
    )
    return classified(draft, lex, facts)


def classified(draft: ItemDraft, lex: Lexicon, facts: Facts) -> Item:
    """The item `draft` is, classified: its topic and forms, its domains and its leaders, and the
    evidence of each value, where its words were read (`draft.traced`)."""
    title, fields, traced = draft.title, draft.fields, draft.traced
    topic = _topic(draft.own, draft.headings, draft.folded_headings, draft.topic_body, facts)
    leaders = leaders_in(_values(fields, "leader", lex), lex)
    body = draft.body or read_body(draft.text, lex)
    domain_text, domain_spans = facts.domain_spans(title, body)
    domains = domains_of(domain_text, domain_spans)
    committees = _unique(draft.committees)
    counterparts = _values(fields, "counterpart", lex)
    regions = [(lex.role_of(k), v, traced.fields.get(k, _nowhere)) for k, v in fields.items()]
    if traced.tail:
        regions.append(("owner", *traced.tail))
    headings_read = [("heading", heading, place) for heading, place in traced.headings]
    # the words classify read as the item's own: its title, then each name its form field gives
    forms_named = _values(fields, "form", lex)
    own = [(title, traced.title), *((name, _place_of(name, regions, ("form",))) for name in forms_named)]
    evidence = [
        _quoted("title", title, traced.title(0, len(title))),
        *(_quoted("topic_terms", e.written, _topic_span(e, own, body, traced)) for e in topic.evidence),
        *(_quoted("forms", e.written, _topic_span(e, own, body, traced)) for e in topic.form_evidence),
        *(
            _quoted("domain_terms", domain_text[a:b], _domain_span(a, b, title, body, traced))
            for a, b in _first_of_each_term(domain_text, domain_spans, len(title))
        ),
        *(
            _named("committees", c.name, regions if c.source == "explicit" else headings_read, _COMMITTEE_ROLES)
            for c in committees
        ),
        *(_named("leaders", person.text, regions, ("leader",)) for person in leaders),
        *(_named("counterparts", name, regions, ("counterpart",)) for name in counterparts),
        *([_quoted("time", draft.time.text, draft.time_at)] if draft.time else []),
    ]
    return Item(
        id=draft.id,
        node_id=draft.node_id,
        label=draft.label,
        title=draft.title,
        text=draft.text,
        topic_type=topic.code,
        topic_type_zh=topic.zh,
        topic_source=topic.source,
        topic_terms=topic.terms,
        topic_confidence=topic.confidence,
        forms=topic.forms,
        domains=list(domains),
        domain_terms=domains,
        committees=committees,
        leaders=[person.text for person in leaders],
        leader_details=leaders,
        counterparts=counterparts,
        time=draft.time,
        fields=fields,
        source=draft.source,
        evidence=evidence,
    )


_COMMITTEE_ROLES = ("owner", "lead_unit", "assist_unit", "lead_group", "heading")


def _topic_span(e: TopicEvidence, own: list[tuple[str, Place]], body: Body, traced: Traced) -> SourceRef | None:
    """Where a term that decided the topic is written: in the item's own words (`own`: its title and
    the names its form field gives, as classify joined them with spaces, each with its place), the
    body (through the fields taken out of it) or a heading."""
    if e.zone == "heading":
        return traced.heading(e.depth, e.start, e.end)
    if e.zone == "title":
        at = 0
        for words, place in own:
            if at <= e.start and e.end <= at + len(words):
                return place(e.start - at, e.end - at)
            at += len(words) + 1
        return None
    placed = body.place(e.zone, e.start, e.end)
    return traced.text(*placed) if placed else None


def _first_of_each_term(text: str, spans: list[tuple[str, int, int]], title_end: int) -> list[tuple[int, int]]:
    """The first span of each writing of a domain's term in the title, and in the body's lead."""
    first: dict[tuple[str, bool], tuple[int, int]] = {}
    for _, a, b in spans:
        first.setdefault((text[a:b], b <= title_end), (a, b))
    return list(first.values())


def _domain_span(start: int, end: int, title: str, body: Body, traced: Traced) -> SourceRef | None:
    """Where a domain's term is written: in the title, or after it and a '\n' in the body's lead."""
    if end <= len(title):
        return traced.title(start, end)
    placed = body.place("lead", start - len(title) - 1, end - len(title) - 1)
    return traced.text(*placed) if placed else None


def _quoted(what: str, text: str, source: SourceRef | None = None) -> dict:
    """The evidence of a value, as the item's model reads it (all of an item's at once)."""
    return {"field": what, "text": text, "source": source}


Region = tuple[str | None, str, Place]  # a text a value is read from: its role, the text, its place


def _named(what: str, name: str, regions: list[Region], roles: tuple[str, ...]) -> dict:
    return _quoted(what, name, _place_of(name, regions, roles)(0, len(name)))


def _place_of(name: str, regions: list[Region], roles: tuple[str, ...]) -> Place:
    """The place of a name read from one of `regions` of those `roles` (a field's value, a title's
    owner tail, a heading): the first place the text has it."""
    for role, text, place in regions:
        at = text.find(name) if role in roles else -1
        if at >= 0:
            return _from(place, at)
    return _nowhere


_WHOLE_YEAR = ("全年", "年内")


def _time(
    fields: dict[str, str],
    title: str,
    text: str,
    headings: list[str],
    lex: Lexicon,
    facts: Facts,
    traced: Traced,
    folded_text: str | None = None,
) -> tuple[TimeSpec | None, SourceRef | None]:
    """The item's time field, else a time in its title, else the schedule its text tells
    ('5月中旬，组织…。7月中旬，…'), else the months or quarter of the nearest heading that names one
    ('县政协2022年10月份重点工作' over its items; not a heading's '全年'); and where it is written (a
    schedule's months, read from several sentences, have no one place). `folded_text` is `text` folded,
    where the caller has it."""
    written = next(((k, v) for k, v in fields.items() if lex.role_of(k) == "time"), None)
    if written is not None:
        found = time_in(written[1])
        if found is None:
            return None, None
        (time, at), place = found, traced.fields.get(written[0], _nowhere)
        return time.model_copy(update={"origin": "field"}), place(at, at + len(time.text))
    if found := time_in(title):
        return found[0], traced.title(found[1], found[1] + len(found[0].text))
    if found := scheduled_time(text, folded_text):
        return found, None
    for depth, heading in enumerate(headings):
        found = facts.time(heading)
        if found and found[0].text not in _WHOLE_YEAR:
            time, at = found
            return time.model_copy(update={"origin": "heading"}), traced.heading(depth, at, at + len(time.text))
    return None, None


def _unique(committees: list[Committee]) -> list[Committee]:
    seen: dict[str, Committee] = {}
    for c in committees:
        seen.setdefault(c.name, c)
    return list(seen.values())


def declared_counts(
    nodes: list[Node],
    items: list[Item],
    placeholders: list[Node],
    prose: list[tuple[str, str, SourceRef, str | None]],
    lex: Lexicon,
) -> list[DeclaredCount]:
    """Counts a heading declares ('重点协商(9项)') reconciled with the items (and placeholder lines)
    under it, and counts stated in prose ('排出协商议题47个', '开展3场专题协商会'), which list nothing
    to reconcile with (found is null) but say which form of work they count."""
    counts: list[DeclaredCount] = []
    found_in = _per_scope(i.node_id for i in items if i.node_id is not None)
    placeholders_in = _per_scope(p.id for p in placeholders)
    sections: dict[str, Node] = {}
    for node, _ in walk(nodes):
        if node.family == "prose":
            sections[node.id] = node
        m = _heading_count(node.folded_title)
        if m:
            what = node.title[: m.start()].strip() or "items"
            counts.append(
                DeclaredCount(
                    scope=node.id,
                    what=what,
                    count=int(m.group("n")),
                    found=found_in[node.id],
                    placeholders=placeholders_in[node.id],
                    text=node.title[m.start() : m.end()].strip(),
                    topic_type=form_named(what, lex),
                    source=node.source,
                )
            )
    # a prose section's opening count ('开展3场专题协商会') is reconciled with the topics it lists
    listed = Counter((i.node_id, i.source.block) for i in items)  # a section's topics are read from its paragraph
    for line, folded_line, ref, node_id in prose:
        if not HAS_COUNT.search(folded_line):
            continue
        section = sections.get(node_id)
        for start, end in _sentences(folded_line, _SENTENCE):
            sentence, folded = line[start:end], folded_line[start:end]
            if not HAS_COUNT.search(folded):
                continue  # the line's count is in another of its sentences
            for m in lex.count_re.finditer(folded):
                count = _prose_count(node_id, m, sentence, folded, ref, lex)
                if section is not None and count.text in section.title:
                    count.found = listed[node_id, section.source.block]
                count.topic_type = count.topic_type or _counted_type(items, ref, sentence)
                counts.append(count)
    return counts


def _counted_type(items: list[Item], ref: SourceRef, sentence: str) -> str | None:
    """The one topic type of the items a count's sentence lists, when the count names no form:
    '“A社区拟…；B社区拟…”主持人共发布14个协商议题' counts grassroots consultations."""
    types = {i.topic_type for i in items if i.source == ref and sentence.strip() in i.text}
    return types.pop() if len(types) == 1 and "other" not in types else None


def _per_scope(node_ids: Iterable[str]) -> Counter[str]:
    """How many of `node_ids` each node holds, itself or below it: '2.1.3' counts for 2, 2.1 and 2.1.3."""
    held: Counter[str] = Counter()
    for node_id in node_ids:
        dot = node_id.find(".")
        while dot >= 0:
            held[node_id[:dot]] += 1
            dot = node_id.find(".", dot + 1)
        held[node_id] += 1
    return held


# What a count is done as, when it counts topics: the form after a verb soon after it ('2个课题开展专题
# 协商', '两个议题，也计划在政协全体会议期间实施协商'); not a form that only stands nearby
# ('28项重点工作均由县政协主席会议成员牵头', '重要协商10项、重要会议10项').
_DONE_AS = compiled(r"[^。；;、]{0,16}?(?:开展|召开|进行|实施|举办|举行|组织)[^，,。；;、]*")


def _prose_count(
    scope: str | None, m: regex.Match, sentence: str, folded: str, source: SourceRef, lex: Lexicon
) -> DeclaredCount:
    """A count in `sentence` (matched in `folded`); its form is the one it names, else the one it is done as."""
    n = m.group("n") or m.group("n2")
    what = m.group("what") or m.group("what2")
    done_as = _DONE_AS.match(folded, m.end())
    what_at = m.start("what" if m.group("what") else "what2")
    return DeclaredCount(
        scope=scope,
        what=sentence[what_at : what_at + len(what)],
        count=int(n) if n.isdigit() else cn_to_int(n),
        found=None,
        text=sentence[m.start() : m.end()],
        topic_type=form_named(what, lex)
        or (form_named(sentence[done_as.start() : done_as.end()], lex) if done_as else None),
        source=source,
    )
