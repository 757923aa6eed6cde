"""Stage 4 — items: which outline nodes are plan items, their fields, and declared counts.

A plan item is a numbered leaf under a numbered section (seed 000's 1、 under （一） under 二、).
A document whose numbered leaves are all top-level sections (a compilation's 一、二、三、 under each
unit) has those sections as its items. Fields come from a parenthesised tail — an owner
'（提案委）' or a labelled '（责任单位：文史委、办公室）' — and from 'label：value' text in the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .blocks import Block
from .chinese import cn_to_int, fold
from .classify import (
    Topic,
    classify_topic,
    committee,
    committees_in,
    doubt,
    form_named,
    item_domains,
    leaders_in,
    split_names,
)
from .lexicon import Lexicon
from .models import Committee, DeclaredCount, Diagnostic, Item, Node, SourceRef, TimeSpec

UNNUMBERED = ("heading", "attachment")

# '（9项）', '(共33项)', '（2个）' at the end of a heading.
_HEADING_COUNT = regex.compile(r"[(（]\s*(?P<total>共)?\s*(?P<n>\d+)\s*(?P<unit>项|个|条|次)\s*[)）]\s*$")


def _without_count(title: str) -> str:
    m = _HEADING_COUNT.search(fold(title))
    return title[: m.start()].rstrip() if m else title


# A parenthesised tail: the owner '(提案委)' or labelled fields '（责任单位：文史委、办公室）'.
_TAIL = regex.compile(r"[(（](?P<inner>[^()（）]{1,60})[)）]\s*$")
# Counts stated in prose: '选取…等90个议题', '排出协商议题47个', '开展协商议事活动111次',
# '共安排重点协商议题11项', and news-style counts of a form of work: '开展3场专题协商会',
# '其中专题议政性常委会议议题3个'. Only counts of plan things (议题/课题/活动 or a form), not
# '2021年' or '5A级'; not a session's number ('十届三次常委会议', '第三次主席会议').
_THINGS = r"(?:协商议事活动|协商活动|重点协商议题|协商议题|调研课题|议题|课题|活动|项目)"
_NUMBER = r"(?:\d+|[一二两三四五六七八九十]{1,3})"
_COUNT_UNIT = r"(?:个|项|次|场|期)"


def _prose_count_re(lex: Lexicon) -> regex.Pattern:
    what = rf"(?:(?:{lex.form_terms})(?:{_THINGS})?|{_THINGS})"
    return regex.compile(
        rf"(?<![第届\d一二三四五六七八九十])(?P<n>{_NUMBER})\s*{_COUNT_UNIT}\s*(?P<what>{what})"
        rf"|(?P<what2>{what})\s*(?P<n2>{_NUMBER})\s*{_COUNT_UNIT}"
    )


# A topic title quoted in a news-style plan: '围绕“推动数字经济与实体经济深度融合”…开展专题协商'.
# Shorter quotes are slogans and abbreviations ('“十四五”', '“两个确立”').
_QUOTED = regex.compile(r"[“\"「](?P<title>[^“”\"「」]{6,40})[”\"」]")
_SENTENCE = regex.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_FIELD_END = regex.compile(r"[。；;\n]")

# Time words → months. '上半年', '第二季度', '7月', '3月20日', '全年'.
_QUARTERS = {"一": (1, 2, 3), "二": (4, 5, 6), "三": (7, 8, 9), "四": (10, 11, 12)}
_TIME = regex.compile(
    r"(?P<months>\d{1,2}(?:\s*[、,，至到\-—~～]\s*\d{1,2})*)\s*月(?:份|\d{1,2}日)?"
    r"|(?P<half>上|下)半年|第?(?P<quarter>[一二三四1-4])季度|(?P<year>全年|年内|年底|年初)"
)


@dataclass
class ItemsResult:
    items: list[Item]
    declared_counts: list[DeclaredCount]
    diagnostics: list[Diagnostic]


def walk(nodes: list[Node], ancestors: tuple[Node, ...] = ()) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node in reading order with its ancestors, outermost first."""
    for node in nodes:
        yield node, ancestors
        yield from walk(node.children, (*ancestors, node))


def plan_nodes(nodes: list[Node]) -> list[tuple[Node, tuple[Node, ...]]]:
    leaves = [(n, a) for n, a in walk(nodes) if not n.children and n.family not in UNNUMBERED]
    nested = [(n, a) for n, a in leaves if any(p.family not in UNNUMBERED for p in a)]
    return nested or leaves


def extract_items(nodes: list[Node], lex: Lexicon, preamble: list[Block] = (), doc_kind: str = "other") -> ItemsResult:
    """The plan items of an outline. An agenda lists plans by name and holds no items of its own;
    a plan written as prose (a news report of the plan, with no numbering) has the topics it
    quotes as items, inferred."""
    prose = _prose_lines(nodes, preamble)
    items: list[Item] = []
    if doc_kind != "agenda":
        items = [
            _item(f"item-{i}", node, ancestors, lex) for i, (node, ancestors) in enumerate(plan_nodes(nodes), start=1)
        ] or _quoted_items(prose, lex)
    counts = declared_counts(nodes, items, prose, lex)
    diagnostics = [
        Diagnostic(
            code="topic_low_confidence",
            severity="info",
            message=f"{i.id} '{i.title[:30]}': topic {i.topic_type} is uncertain: {doubt(i.topic_type, i.topic_source)}",
            source=i.source,
        )
        for i in items
        if i.topic_confidence == "low"
    ] + [
        Diagnostic(
            code="count_mismatch",
            severity="warning",
            message=f"'{c.text}' declares {c.count}, found {c.found}",
            source=c.source,
        )
        for c in counts
        if c.found is not None and c.found != c.count
    ]
    return ItemsResult(items=items, declared_counts=counts, diagnostics=diagnostics)


def _prose_lines(nodes: list[Node], preamble: list[Block]) -> list[tuple[str, SourceRef, str | None]]:
    """Every line of running text with where it was read and the node it belongs to (None: the preamble)."""
    lines = [(b.text, b.ref, None) for b in preamble]
    for node, _ in walk(nodes):
        lines += [(line, ref, node.id) for line, ref in zip(node.text.split("\n"), node.text_sources, strict=False)]
    return lines


def _quoted_items(lines: list[tuple[str, SourceRef, str | None]], lex: Lexicon) -> list[Item]:
    """'围绕“A”“B”2个课题开展专题协商' → items A and B, thematic consultations (inferred): quoted
    titles in a sentence that names their form. A quote that itself names a form is a brand
    ('“有事好商量”'), not a topic."""
    items: list[Item] = []
    for line, ref, node_id in lines:
        for sentence in _SENTENCE.findall(line):
            if form_named(sentence, lex) is None:
                continue
            for m in _QUOTED.finditer(sentence):
                title = m.group("title")
                if form_named(title, lex) is None:
                    # the sentence is the topic's heading, the words after the quote nearest:
                    # '「A」開展界別協商,…作為重點提案辦理協商議題' is a sector consultation
                    topic = classify_topic(title, [sentence[m.end() :], sentence], "", lex)
                    items.append(
                        _new_item(f"item-{len(items) + 1}", node_id, "", title, sentence, topic, {}, [], ref, lex)
                    )
    return items


def split_tail(title: str, lex: Lexicon) -> tuple[str, dict[str, str], list[Committee]]:
    """'围绕…协商建言(办公室、研究室)' → ('围绕…协商建言', {}, [办公室, 研究室]);
    a tail that is neither fields nor committees ('（试行）', '(共33项)') stays in the title."""
    m = _TAIL.search(title)
    if not m:
        return title, {}, []
    fields = parse_fields(m.group("inner"), lex)
    owners = [] if fields else committees_in(m.group("inner"), lex)
    if not fields and not owners:
        return title, {}, []
    return title[: m.start()].rstrip(), fields, owners


def parse_fields(text: str, lex: Lexicon) -> dict[str, str]:
    """'时间安排：4月 牵头界别组：无党派组' → {'时间安排': '4月', '牵头界别组': '无党派组'}.

    A value runs to the next label or the end of its sentence, so labels inside prose
    ('…组织实施。牵头领导：…。') are read as well as one label per line.
    """
    folded = fold(text)
    matches = list(lex.field_label_re.finditer(folded))
    fields: dict[str, str] = {}
    for m, following in zip(matches, [*matches[1:], None], strict=False):
        end = following.start() if following else len(text)
        stop = _FIELD_END.search(folded, m.end(), end)
        value = text[m.end() : stop.start() if stop else end].strip(" \t，,、")
        if value:
            fields.setdefault(text[m.start("label") : m.end("label")], value)
    return fields


def parse_time(text: str) -> TimeSpec | None:
    m = _TIME.search(fold(text))
    if not m:
        return None
    if m.group("months"):
        numbers = [int(n) for n in regex.findall(r"\d+", m.group("months"))]
        months = (
            list(range(numbers[0], numbers[-1] + 1)) if regex.search(r"[至到\-—~～]", m.group("months")) else numbers
        )
    elif m.group("half"):
        months = list(range(1, 7)) if m.group("half") == "上" else list(range(7, 13))
    elif m.group("quarter"):
        q = m.group("quarter")
        months = list(_QUARTERS[q] if q in _QUARTERS else _QUARTERS["一二三四"[int(q) - 1]])
    else:
        months = (
            list(range(1, 13)) if m.group("year") in ("全年", "年内") else [12] if m.group("year") == "年底" else [1]
        )
    months = [month for month in months if 1 <= month <= 12]
    return TimeSpec(text=text[m.start() : m.end()], months=months)


def _values(fields: dict[str, str], role: str, lex: Lexicon) -> list[str]:
    return [name for label, value in fields.items() if lex.role_of(label) == role for name in split_names(value)]


def _item(item_id: str, node: Node, ancestors: tuple[Node, ...], lex: Lexicon) -> Item:
    title = _without_count(node.title)
    title, tail_fields, owners = split_tail(title, lex)
    fields = tail_fields | {k: v for k, v in parse_fields(node.text, lex).items() if k not in tail_fields}
    committees = owners + [
        c
        for role in ("lead_unit", "assist_unit", "lead_group")
        for c in committees_in("、".join(_values(fields, role, lex)), lex)
    ]
    if not committees:  # owned by the heading it sits under: '（二）经济委' or '…（提案委）' above its items
        for ancestor in reversed(ancestors):
            named = committee(ancestor.title, lex)
            inherited = split_tail(ancestor.title, lex)[2] or ([named] if named else [])
            if inherited:
                committees = [c.model_copy(update={"source": "inferred"}) for c in inherited]
                break
    topic = item_topic(title, [a.title for a in reversed(ancestors)], node.text, lex, fields)
    return _new_item(item_id, node.id, node.label, title, node.text, topic, fields, committees, node.source, lex)


def item_topic(title: str, headings: list[str], text: str, lex: Lexicon, fields: dict[str, str] | None = None) -> Topic:
    """The topic of an item: `headings` nearest first, as written; `fields` as read from `text`."""
    fields = parse_fields(text, lex) if fields is None else fields
    # the item's own form field is its own words: '协商形式：专题议政性常委会议' under 专题协商
    own = " ".join([title, *_values(fields, "form", lex)])
    return classify_topic(own, [_without_count(h) for h in headings], text, lex)


def _new_item(
    item_id: str,
    node_id: str | None,
    label: str,
    title: str,
    text: str,
    topic: Topic,
    fields: dict[str, str],
    committees: list[Committee],
    source: SourceRef,
    lex: Lexicon,
) -> Item:
    """An item from what was found of it; leaders, counterparts, time and domains are read here."""
    leaders = leaders_in(_values(fields, "leader", lex), lex)
    domains = item_domains(title, text, lex)
    time_text = next((v for k, v in fields.items() if lex.role_of(k) == "time"), None)
    return Item(
        id=item_id,
        node_id=node_id,
        label=label,
        title=title,
        text=text,
        topic_type=topic.code,
        topic_type_zh=topic.zh,
        topic_source=topic.source,
        topic_terms=topic.terms,
        topic_confidence=topic.confidence,
        forms=topic.forms,
        domains=list(domains),
        domain_terms=domains,
        committees=_unique(committees),
        leaders=[person.text for person in leaders],
        leader_details=leaders,
        counterparts=_values(fields, "counterpart", lex),
        time=parse_time(time_text) if time_text else parse_time(title),
        fields=fields,
        source=source,
    )


def _unique(committees: list[Committee]) -> list[Committee]:
    seen: dict[str, Committee] = {}
    for c in committees:
        seen.setdefault(c.name, c)
    return list(seen.values())


def declared_counts(
    nodes: list[Node], items: list[Item], prose: list[tuple[str, SourceRef, str | None]], lex: Lexicon
) -> list[DeclaredCount]:
    """Counts a heading declares ('重点协商(9项)') reconciled with the items under it, and counts
    stated in prose ('排出协商议题47个', '开展3场专题协商会'), which list nothing to reconcile with
    (found is null) but say which form of work they count."""
    counts: list[DeclaredCount] = []
    item_nodes = [i.node_id for i in items if i.node_id is not None]
    for node, _ in walk(nodes):
        m = _HEADING_COUNT.search(fold(node.title))
        if m:
            found = sum(1 for nid in item_nodes if nid == node.id or nid.startswith(node.id + "."))
            what = node.title[: m.start()].strip() or "items"
            counts.append(
                DeclaredCount(
                    scope=node.id,
                    what=what,
                    count=int(m.group("n")),
                    found=found,
                    text=node.title[m.start() : m.end()].strip(),
                    topic_type=form_named(what, lex),
                    source=node.source,
                )
            )
    pattern = _prose_count_re(lex)
    for line, ref, node_id in prose:
        for sentence in _SENTENCE.findall(line):
            counts.extend(_prose_count(node_id, m, sentence, ref, lex) for m in pattern.finditer(fold(sentence)))
    return counts


def _prose_count(scope: str | None, m: regex.Match, sentence: str, source: SourceRef, lex: Lexicon) -> DeclaredCount:
    """A count in prose; its form is the one it names, else the one its sentence names
    ('围绕“…”“…”2个课题开展专题协商')."""
    n = m.group("n") or m.group("n2")
    what = m.group("what") or m.group("what2")
    return DeclaredCount(
        scope=scope,
        what=sentence[m.start("what" if m.group("what") else "what2") :][: len(what)],
        count=int(n) if n.isdigit() else cn_to_int(n),
        found=None,
        text=sentence[m.start() : m.end()],
        topic_type=form_named(what, lex) or form_named(sentence, lex),
        source=source,
    )
