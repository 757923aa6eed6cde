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
from .chinese import cn_to_int, fold, int_to_cn
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
from .models import Committee, DeclaredCount, Diagnostic, Item, Node, Severity, SourceRef, TimeSpec
from .outline import is_heading_line, point_title

UNNUMBERED = ("heading", "attachment", "prose")

# '（9项）', '(共33项)', '（2个）' at the end of a heading.
_HEADING_COUNT = regex.compile(r"[(（]\s*(?P<total>共)?\s*(?P<n>\d+)\s*(?P<unit>项|个|条|次)\s*[)）]\s*$")


def _without_count(title: str) -> str:
    m = _HEADING_COUNT.search(fold(title))
    return title[: m.start()].rstrip() if m else title


# A parenthesised tail: the owner '(提案委)' or labelled fields '（责任单位：文史委、办公室）'.
_TAIL = regex.compile(r"[(（](?P<inner>[^()（）]{1,60})[)）]\s*$")
# A topic title quoted in a news-style plan: '围绕“推动数字经济与实体经济深度融合”…开展专题协商'.
# Shorter quotes are slogans and abbreviations ('“十四五”', '“两个确立”'), longer ones a passage.
_QUOTE = regex.compile(r"[“\"「](?P<title>[^“”\"「」]{2,200})[”\"」]")
_QUOTED_MIN, _QUOTED_MAX = 6, 40
_SENTENCE = regex.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_FIELD_END = regex.compile(r"[。；;\n]")
_FIELD_END_BRACKETED = regex.compile(r"[。；;\n)]")

# Time words → months. '上半年', '第二季度', '7月', '3月20日', '全年'.
_QUARTERS = {"一": (1, 2, 3), "二": (4, 5, 6), "三": (7, 8, 9), "四": (10, 11, 12)}
# A time followed by these words is a time in the past, not the plan's: '按照年初制定的方案', '年初以来'.
_TIME = regex.compile(
    r"(?:(?P<months>(?:\d{1,2}\s*(?:月份?)?\s*[、,，至到\-—~～]\s*)*\d{1,2})\s*月(?:份|\d{1,2}日)?"
    r"|(?P<half>上|下)半年|第?(?P<quarter>[一二三四1-4])季度|(?P<year>全年|年内|年底|年初))"
    r"(?!\s*(?:以来|制定|确定|出台|印发))"
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


# Kinds of document that list no plan of their own: an agenda names plans, rules say how to choose
# topics ('（一）围绕中央的重大部署决策选择题目'), a call for topics asks for them.
NO_ITEMS = ("agenda", "rules", "call_for_topics")


def plan_nodes(
    nodes: list[Node], lex: Lexicon, preamble: list[Block] = (), doc_kind: str = "other"
) -> tuple[list[tuple[Node, tuple[Node, ...], bool]], list[Node]]:
    """(the item nodes with their ancestors and whether their points are the items, placeholder nodes). Items are the numbered leaves under a
    numbered section, or the numbered leaves themselves when no section is numbered — and a section
    with no numbered entries among sections that have them is an item when its points (一是…二是…)
    are: they become its items. Not in a section that looks back (a review of last year's work), not
    outside the plan sections of a report, not in a list a meeting's business opens ('会议主要内容：'),
    and not a placeholder line."""
    if doc_kind in NO_ITEMS:
        return [], []
    lead = preamble[-1].text if preamble else ""
    kept: list[tuple[Node, tuple[Node, ...]]] = []
    placeholders: list[Node] = []
    for node, ancestors in walk(nodes):
        if node.children or node.family in UNNUMBERED or not _in_plan(node, ancestors, lead, doc_kind, lex):
            continue
        if lex.section_res["placeholders"].search(fold(node.title)):
            placeholders.append(node)
        else:
            kept.append((node, ancestors))
    nested = [(n, a) for n, a in kept if any(p.family not in UNNUMBERED for p in a)]
    if not nested:
        return [(n, a, False) for n, a in kept], placeholders
    # '二、民主监督。一是对…开展民主监督；二是…' beside sections of numbered items: the points of a
    # section that names a form of work are its items; a section of principles or measures has none
    sections = [(n, a) for n, a in kept if (n, a) not in nested and _is_section(n, a, lex)]
    return [(n, a, (n, a) in sections) for n, a in kept if (n, a) in nested or (n, a) in sections], placeholders


def _in_plan(node: Node, ancestors: tuple[Node, ...], lead: str, doc_kind: str, lex: Lexicon) -> bool:
    titles = [fold(a.title) for a in (*ancestors, node)]
    if any(lex.section_res["review"].search(title) for title in titles):
        return False  # '一、2018年工作回顾'
    if doc_kind == "report" and not any(lex.section_res["plan"].search(title) for title in titles):
        return False  # a report's plan is its '2019年主要任务', not its review or its reflections
    opener = fold(ancestors[-1].text.rsplit("\n", 1)[-1] if ancestors else lead).rstrip()
    return not (opener.endswith(":") and lex.section_res["agenda_leads"].search(opener))


def extract_items(nodes: list[Node], lex: Lexicon, preamble: list[Block] = (), doc_kind: str = "other") -> ItemsResult:
    """The plan items of an outline. A document that is no plan (an agenda, rules, a call for
    topics) holds none; a plan written as prose (a news report of the plan, with no numbering) has
    the topics it quotes as items, inferred."""
    prose = _prose_lines(nodes, preamble)
    chosen, placeholders = plan_nodes(nodes, lex, preamble, doc_kind)
    lead = preamble[-1].text if preamble and is_heading_line(preamble[-1].text) else ""
    found = [
        item
        for node, ancestors, by_points in chosen
        for item in (_point_items(node, ancestors, lead, lex) if by_points else [_item(node, ancestors, lead, lex)])
    ]
    items = [item.model_copy(update={"id": f"item-{i}"}) for i, item in enumerate(found, start=1)]
    if not items and doc_kind not in NO_ITEMS:
        items = _prose_items(nodes, preamble, lex)
    counts = declared_counts(nodes, items, placeholders, prose, lex)
    diagnostics = (
        [
            _diagnostic("info", "placeholder_item", f"'{n.title}' keeps a place for items to come; it is no item", n.source)
            for n in placeholders
        ]
        + [
            _diagnostic(
                "info",
                "topic_low_confidence",
                f"{i.id} '{i.title[:30]}': topic {i.topic_type} is uncertain: {doubt(i.topic_type, i.topic_source)}",
                i.source,
            )
            for i in items
            if i.topic_confidence == "low"
        ]
        + [
            _diagnostic("warning", "count_mismatch", f"'{c.text}' declares {c.count}, found {c.found}", c.source)
            for c in counts
            if c.found is not None and c.found + c.placeholders != c.count
        ]
    )
    return ItemsResult(items=items, declared_counts=counts, diagnostics=diagnostics)


def _diagnostic(severity: Severity, code: str, message: str, source: SourceRef) -> Diagnostic:
    return Diagnostic(code=code, severity=severity, message=message, source=source)


def _within(node_id: str, scope: str) -> bool:
    return node_id == scope or node_id.startswith(scope + ".")


def _prose_lines(nodes: list[Node], preamble: list[Block]) -> list[tuple[str, SourceRef, str | None]]:
    """Every line of running text with where it was read and the node it belongs to (None: the preamble)."""
    lines = [(b.text, b.ref, None) for b in preamble]
    for node, _ in walk(nodes):
        lines += [(line, ref, node.id) for line, ref in zip(node.text.split("\n"), node.text_sources, strict=False)]
    return lines


def _prose_items(nodes: list[Node], preamble: list[Block], lex: Lexicon) -> list[Item]:
    """The items of a plan written as prose: the topics each prose section lists ('开展3场专题协商会。
    围绕“A”、B、“C”3个课题开展专题协商' → A, B, C under it), or the section itself when it lists none
    ('召开1场全体会议协商。'); and outside sections, the topics of a sentence that names their form
    ('按照计划，…通过专题议政性常委会会议实施协商，…「A」…「B」')."""
    found: list[tuple[str, str, list[str], str | None, SourceRef]] = []  # title, sentence, headings, node, where
    for block in preamble:
        found += [(t, s, h, None, block.ref) for t, s, h in _topics(block.text, None, lex)]
    for node, _ in walk(nodes):
        section = node if node.family == "prose" else None
        listed = []
        for line, ref in zip(node.text.split("\n"), node.text_sources, strict=False):
            # a section is its opening paragraph; paragraphs after it only run on from it
            own = section if section is not None and ref.block == node.source.block else None
            listed += [(t, s, h, node.id, ref) for t, s, h in _topics(line, own, lex)]
        if section is not None and not listed:
            listed = [(node.title, node.text, [], node.id, node.source)]
        found += listed
    return [
        _new_item(f"item-{i}", node_id, "", title, sentence, item_topic(title, headings, "", lex), {}, [], ref, lex)
        for i, (title, sentence, headings, node_id, ref) in enumerate(found, start=1)
    ]


# A full sentence: a list of topics runs through its semicolons ('即：A；B。').
_FULL_SENTENCE = regex.compile(r"[^。！!？?]+[。！!？?]?")
# Where a list of topics ends: '等', the verb it is for ('…进行', '开展对口协商', not a member's own
# '…脱贫致富实施、'), or a count of what it lists ('3个课题', lex.count_re).
_LIST_END = regex.compile(r"等|为议题|(?:进行|开展|展开|实施)(?![、，,])|[。！!？?]")
_MEMBER_MIN, _MEMBER_MAX = 2, 40
# A book title is a topic when the sentence is about carrying it out: '对《优化营商环境条例》贯彻落实情况开展视察'.
_BOOK = regex.compile(r"《(?P<title>[^《》]{4,60})》(?P<about>(?:贯彻落实|贯彻实施|实施|执行)(?:情况)?)?")
# A quote of three or more short phrases is a slogan: '“科教兴区、海洋富区、工业强区”'.
_SLOGAN = regex.compile(r"(?:\p{Han}{2,4}[、，,]){2,}\p{Han}{2,4}")


def _topics(line: str, section: Node | None, lex: Lexicon) -> list[tuple[str, str, list[str]]]:
    """(title, sentence, headings nearest first) for each topic a line of running text names. In a
    prose section, every list and quote is its topics; elsewhere only a sentence that names a form
    of work lists topics."""
    topics = []
    for sentence in _FULL_SENTENCE.findall(line):
        folded = fold(sentence)
        if section is None and form_named(sentence, lex) is None:
            continue
        # (start, end, end of its list): members of one list share what follows the list
        lists = _list_spans(folded, lex)
        if section is None:  # outside a section, a list is topics only when what follows names their form
            lists = [span for span in lists if form_named(_clause_at(sentence, span[2]), lex) is not None]
        spans = _quoted_spans(sentence, folded, lex) + _book_spans(sentence, folded, section) + lists
        kept: list[tuple[int, int, int]] = []
        for start, end, list_end in sorted(spans, key=lambda span: (span[0], -span[2])):
            if all(end <= a or start >= b for a, b, _ in kept):
                kept.append((start, end, list_end))
        # what is done with a topic: the words after its list (up to the next topic), then the sentence
        # without its topics, then the section it is in
        bounds = [0, *[x for a, b, _ in kept for x in (a, b)], len(sentence)]
        around = "".join(sentence[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))
        for start, end, list_end in kept:
            following = next((a for a, _, _ in kept if a >= list_end), len(sentence))
            headings = [sentence[list_end:following], around, *([section.title] if section else [])]
            topics.append((sentence[start:end], sentence, headings))
    return topics


def _clause_at(sentence: str, start: int) -> str:
    """The words from `start` to the end of their clause: '等课题开展专题协商' in '围绕A、B等课题开展专题协商，…'."""
    end = regex.compile(r"[,，。；;！!？?]").search(sentence, start)
    return sentence[start : end.start() if end else len(sentence)]


def _quoted_spans(sentence: str, folded: str, lex: Lexicon) -> list[tuple[int, int, int]]:
    """Quoted titles that are topics — not a brand that names a form ('“有事好商量”'), not a slogan —
    and the members of a list of topics in one quote ('“加快A；推进B；完善C”')."""
    spans = []
    for m in _QUOTE.finditer(folded):
        start, end = m.span("title")
        if regex.search(r"[;；]", m.group("title")):
            spans += [(a, b, end) for a, b in _split_outside_quotes(folded, start, end, ";；") if _MEMBER_MIN <= b - a]
        elif _QUOTED_MIN <= end - start <= _QUOTED_MAX and form_named(sentence[start:end], lex) is None:
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
        ends = [m.start() for m in (_LIST_END.search(folded, opener.end()), lex.count_re.search(folded, opener.end())) if m]
        stop = min(ends, default=len(folded))
        semicolons = regex.search(r"[;；]", folded[opener.end() : stop]) is not None
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
_ONE_QUOTE = regex.compile(r"[“「\"][^“”「」\"]+[”」\"]")
_QUOTE_RUN = regex.compile(rf"(?:{_ONE_QUOTE.pattern}){{2,}}")


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
    if b - a > 2 and text[a] in "“「\"" and text[b - 1] in "”」\"" and not regex.search(r"[“”「」\"]", text[a + 1 : b - 1]):
        return a + 1, b - 1
    return a, b


def _fields_after(title: str, lex: Lexicon) -> tuple[str, dict[str, str]]:
    """A title that runs on into fields ('开展乡村振兴专项视察，时间：3月下旬'; a PDF line that glued
    '时间安排：10月' to the title above it; a bracketed tail whose close was lost, '…调研（牵头：农业农村委'):
    the title before the first label, and the fields."""
    m = lex.field_label_re.search(fold(title))
    if m is None or m.start() == 0:
        return title, {}
    return title[: m.start()].rstrip(" ，,；;（("), parse_fields(title[m.start() :], lex)


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
    ('…组织实施。牵头领导：…。') are read as well as one label per line; a label inside brackets
    ('…政治责任（责任单位：一办六委）。') ends its value at the closing bracket.
    """
    folded = fold(text)
    matches = list(lex.field_label_re.finditer(folded))
    fields: dict[str, str] = {}
    for m, following in zip(matches, [*matches[1:], None], strict=False):
        end = following.start() if following else len(text)
        bracketed = folded[: m.start()].rstrip().endswith("(")
        stop = (_FIELD_END_BRACKETED if bracketed else _FIELD_END).search(folded, m.end(), end)
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


def _is_section(node: Node, ancestors: tuple[Node, ...], lex: Lexicon) -> bool:
    """A section among items: no numbered section above it, points, and a form of work in its title."""
    numbered_above = any(a.family not in UNNUMBERED for a in ancestors)
    return bool(node.points) and not numbered_above and form_named(node.title, lex) is not None


def _point_items(node: Node, ancestors: tuple[Node, ...], lead: str, lex: Lexicon) -> list[Item]:
    """The points of a section as its items: '一是对营商环境开展民主监督。' is item 一是 of the
    section, with the section as its heading; each is traced to the line it was read from."""
    items = []
    for number, point in enumerate(node.points, start=1):
        title, text = point_title(point)
        ref = next(
            (r for line, r in zip(node.text.split("\n"), node.text_sources, strict=False) if point[:10] in line),
            node.source,
        )
        headings = [node.title, *(a.title for a in reversed(ancestors))]
        topic = item_topic(title, headings, text, lex)
        items.append(
            _new_item("", node.id, f"{int_to_cn(number)}是", title, text, topic, {}, [], ref, lex, [*headings, lead])
        )
    return items


def _item(node: Node, ancestors: tuple[Node, ...], lead: str, lex: Lexicon) -> Item:
    """An item from its outline node; `lead` is the heading line before the document's first list
    (the title of a month's task list in a news report), read for the item's time."""
    title, tail_fields, owners = split_tail(_without_count(node.title), lex)
    title, title_fields = _fields_after(title, lex)
    fields = tail_fields | title_fields
    fields |= {k: v for k, v in parse_fields(node.text, lex).items() if k not in fields}
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
    headings = [a.title for a in reversed(ancestors)]
    topic = item_topic(title, headings, node.text, lex, fields)
    return _new_item(
        "", node.id, node.label, title, node.text, topic, fields, committees, node.source, lex, [*headings, lead]
    )


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
    headings: list[str] = (),
) -> Item:
    """An item from what was found of it; leaders, counterparts, time and domains are read here.
    `headings` are the titles above it, nearest first, which give its time when it names none."""
    leaders = leaders_in(_values(fields, "leader", lex), lex)
    domains = item_domains(title, text, lex)
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
        time=_time(fields, title, headings, lex),
        fields=fields,
        source=source,
    )


_WHOLE_YEAR = ("全年", "年内")


def _time(fields: dict[str, str], title: str, headings: list[str], lex: Lexicon) -> TimeSpec | None:
    """The item's time field, else a time in its title, else the months or quarter of the nearest
    heading that names one ('县政协2022年10月份重点工作' over its items; not a heading's '全年')."""
    written = next((v for k, v in fields.items() if lex.role_of(k) == "time"), None)
    if written is not None:
        found = parse_time(written)
        return found.model_copy(update={"origin": "field"}) if found else None
    if found := parse_time(title):
        return found
    for heading in headings:
        found = parse_time(heading)
        if found and found.text not in _WHOLE_YEAR:
            return found.model_copy(update={"origin": "heading"})
    return None


def _unique(committees: list[Committee]) -> list[Committee]:
    seen: dict[str, Committee] = {}
    for c in committees:
        seen.setdefault(c.name, c)
    return list(seen.values())


def declared_counts(
    nodes: list[Node],
    items: list[Item],
    placeholders: list[Node],
    prose: list[tuple[str, SourceRef, str | None]],
    lex: Lexicon,
) -> list[DeclaredCount]:
    """Counts a heading declares ('重点协商(9项)') reconciled with the items (and placeholder lines)
    under it, and counts stated in prose ('排出协商议题47个', '开展3场专题协商会'), which list nothing
    to reconcile with (found is null) but say which form of work they count."""
    counts: list[DeclaredCount] = []
    item_nodes = [i.node_id for i in items if i.node_id is not None]
    for node, _ in walk(nodes):
        m = _HEADING_COUNT.search(fold(node.title))
        if m:
            found = sum(1 for nid in item_nodes if _within(nid, node.id))
            what = node.title[: m.start()].strip() or "items"
            counts.append(
                DeclaredCount(
                    scope=node.id,
                    what=what,
                    count=int(m.group("n")),
                    found=found,
                    placeholders=sum(1 for p in placeholders if _within(p.id, node.id)),
                    text=node.title[m.start() : m.end()].strip(),
                    topic_type=form_named(what, lex),
                    source=node.source,
                )
            )
    # a prose section's opening count ('开展3场专题协商会') is reconciled with the topics it lists
    sections = {node.id: node for node, _ in walk(nodes) if node.family == "prose"}
    for line, ref, node_id in prose:
        for sentence in _SENTENCE.findall(line):
            for m in lex.count_re.finditer(fold(sentence)):
                count = _prose_count(node_id, m, sentence, ref, lex)
                section = sections.get(node_id)
                if section is not None and count.text in section.title:
                    count.found = sum(
                        1 for i in items if i.node_id == node_id and i.source.block == section.source.block
                    )
                counts.append(count)
    return counts


# What a count is done as, when it counts topics: the form after a verb soon after it ('2个课题开展专题
# 协商', '两个议题，也计划在政协全体会议期间实施协商'); not a form that only stands nearby
# ('28项重点工作均由县政协主席会议成员牵头', '重要协商10项、重要会议10项').
_DONE_AS = regex.compile(r"[^。；;、]{0,16}?(?:开展|召开|进行|实施|举办|举行|组织)[^，,。；;、]*")


def _prose_count(scope: str | None, m: regex.Match, sentence: str, source: SourceRef, lex: Lexicon) -> DeclaredCount:
    """A count in prose; its form is the one it names, else the one it is done as."""
    n = m.group("n") or m.group("n2")
    what = m.group("what") or m.group("what2")
    done_as = _DONE_AS.match(fold(sentence), m.end())
    return DeclaredCount(
        scope=scope,
        what=sentence[m.start("what" if m.group("what") else "what2") :][: len(what)],
        count=int(n) if n.isdigit() else cn_to_int(n),
        found=None,
        text=sentence[m.start() : m.end()],
        topic_type=form_named(what, lex) or (form_named(sentence[done_as.start() : done_as.end()], lex) if done_as else None),
        source=source,
    )
