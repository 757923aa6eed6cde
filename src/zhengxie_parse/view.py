"""The review page: a plan beside the document it was read from, as one self-contained HTML file.

Left, the document as its reader gave it, one row a block, numbered as the format numbers it (line;
page and line; paragraph; table and row). Right, the outline with each item where its node stands.
Clicking an item or a heading lights the lines it was read from (`source` and `text_sources`), and the
words that decided an item's type, domains, committees and time are marked in those lines. The
diagnostics sit on top, each linked to its line; the print stylesheet turns the page into a task list.

Documents are untrusted input: every string from a document or a plan file is escaped here. The page
needs no network (a USB stick in an office): style and script are inlined from data/view/, and the
fonts are the system's CJK fonts.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .blocks import Block
from .chinese import fold
from .errors import UnreadableInput, ZxError
from .export import COLUMNS, task_rows, where
from .html_page import label, labels, shell, topic_colour
from .items import walk
from .lexicon import Lexicon
from .models import Item, Node, Plan, SourceRef

_esc = html.escape


def has_display() -> bool:
    """Whether a browser window can open: always on Windows and macOS; on Linux and the BSDs, when
    an X or Wayland display is set (an SSH session or a server has none)."""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_page(page: str, stem: str) -> str:
    """Write `page` to a new temporary file and open it in the default browser when there is a
    display; the message to show the user (where the page is, and whether it opened)."""
    fd, name = tempfile.mkstemp(prefix=f"zxparse-{stem}-", suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(page)
    uri = Path(name).resolve().as_uri()
    if has_display():
        import webbrowser

        if webbrowser.open(uri):
            return f"opened {name}"
    return f"no display to open a browser on: wrote {name} (copy it, or open {uri})"


# ---------------------------------------------------------------------------------------------------
# Where everything was read


@dataclass
class _Where:
    """Which blocks each node and item was read from, and whose line each block is."""

    node_dom: dict[str, str]  # node id → its element id on the page
    node_blocks: dict[str, list[int]]
    item_blocks: list[list[int]]  # by item position
    heading_blocks: list[list[int]]  # by item position: its ancestors' heading lines
    owner: dict[int, str]  # block → element id of the item (else the node) that claims it
    colour: dict[int, str]  # block → the topic colour of the item that claims it
    headings: set[int]  # heading lines of the nodes that are not items
    claimed: set[int]  # blocks the plan reads anything from


def _unique(blocks: list[int]) -> list[int]:
    return list(dict.fromkeys(blocks))


def _joined(plan: Plan, order: list[int]) -> dict[int, list[int]]:
    """Block → the blocks the cleaner appended to it (a paragraph cut by a page break or a hard
    wrap; diagnostic `broken_line_joined` on the second part), found in reading order: a part joins
    the last block before it that was kept (not dropped as noise, a caption or a contents page)."""
    joined = {d.source.block for d in plan.diagnostics if d.code == "broken_line_joined" and d.source}
    dropped = {d.source.block for d in plan.diagnostics if d.code.endswith("_removed") and d.source}
    parts: dict[int, list[int]] = defaultdict(list)
    last = None
    for block in order:
        if block in joined and last is not None:
            parts[last].append(block)
        elif block not in dropped:
            last = block
    return parts


def _locate(plan: Plan, order: list[int]) -> _Where:
    """Where each node and item was read from; `order` is the reader's blocks in reading order."""
    parts = _joined(plan, order)
    node_dom, node_blocks, ancestors_of = {}, {}, {}
    owner: dict[int, str] = {}
    colour: dict[int, str] = {}
    for n, (node, ancestors) in enumerate(walk(plan.outline)):
        node_dom[node.id] = f"nd-{n}"
        own = _unique([node.source.block, *(ref.block for ref in node.text_sources)])
        node_blocks[node.id] = _unique([part for block in own for part in (block, *parts.get(block, ()))])
        ancestors_of[node.id] = [a.source.block for a in ancestors]
    item_blocks, heading_blocks = [], []
    for n, item in enumerate(plan.items):
        blocks = _unique([item.source.block, *node_blocks.get(item.node_id or "", [])])
        item_blocks.append(blocks)
        heading_blocks.append(ancestors_of.get(item.node_id or "", []))
        for block in blocks:
            owner.setdefault(block, f"it-{n}")
            colour.setdefault(block, topic_colour(item.topic_type))
    for node_id, blocks in node_blocks.items():
        for block in blocks:
            owner.setdefault(block, node_dom[node_id])
    meta_refs = [plan.meta.source, *(evidence.source for evidence in plan.meta.evidence.values())]
    claimed = set(owner) | {c.source.block for c in plan.declared_counts} | {r.block for r in meta_refs if r}
    item_nodes = {item.node_id for item in plan.items}
    headings = {blocks[0] for node_id, blocks in node_blocks.items() if node_id not in item_nodes}
    return _Where(node_dom, node_blocks, item_blocks, heading_blocks, owner, colour, headings, claimed)


def _evidence_words(item: Item) -> list[tuple[str, str]]:
    """(word, kind) an item was decided by: its topic terms (and those of each form it names, in
    contract 1.1), domain terms, committee names and time, as written."""
    words = [(term, "topic") for term in item.topic_terms]
    words += [(term, "topic") for form in getattr(item, "forms", None) or [] for term in _form(form)[1]]
    words += [(term, "domain") for terms in item.domain_terms.values() for term in terms]
    words += [(c.name, "committee") for c in item.committees]
    if item.time:
        words.append((item.time.text, "time"))
    return words


def _evidence(plan: Plan, at: _Where) -> dict[int, set[tuple[str, str]]]:
    """Block → the words to mark in it: an item's words in its own lines, and, when its type came
    from a heading, the heading's words in the heading's line."""
    marks: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for n, item in enumerate(plan.items):
        words = _evidence_words(item)
        for block in at.item_blocks[n]:
            marks[block].update(words)
        if item.topic_source == "heading":
            for block in at.heading_blocks[n]:
                marks[block].update((term, "topic") for term in item.topic_terms)
    return marks


_MARK_ORDER = ("topic", "committee", "time", "domain")


def marked(text: str, words: set[tuple[str, str]]) -> str:
    """`text` escaped, each occurrence of a word wrapped in <mark class="ev ev-KIND">. Words are found in
    the folded text (same length as written), so a traditional-script line marks its simplified term;
    where two words overlap, the earlier and then the longer one is marked; the same word as two kinds
    is marked as the first in _MARK_ORDER."""
    folded = fold(text)
    spans = []
    for word, kind in words:
        needle = fold(word.strip())
        start = folded.find(needle) if needle else -1
        while start != -1:
            spans.append((start, start + len(needle), kind))
            start = folded.find(needle, start + len(needle))
    spans.sort(key=lambda span: (span[0], span[0] - span[1], _MARK_ORDER.index(span[2])))
    out, at = [], 0
    for start, end, kind in spans:
        if start >= at:
            out.append(f'{_esc(text[at:start])}<mark class="ev ev-{kind}">{_esc(text[start:end])}</mark>')
            at = end
    out.append(_esc(text[at:]))
    return "".join(out)


def _form(form: object) -> tuple[str | None, list[str]]:
    """The topic code and words of an entry of `forms` (contract 1.1: `code` and `terms`)."""
    code, terms = getattr(form, "code", None), getattr(form, "terms", None)
    if isinstance(form, dict):
        code, terms = form.get("code"), form.get("terms")
    return code, [t for t in terms or [] if isinstance(t, str)]


# ---------------------------------------------------------------------------------------------------
# The page


def render(plan: Plan, blocks: list[Block] | None, note: str | None = None, back: str | None = None) -> str:
    """The review page of `plan`; `blocks` are the reader's blocks of its document (None when the
    document cannot be shown: `note` says why); `back` links to a corpus report."""
    at = _locate(plan, [block.index for block in blocks or ()])
    body = [
        _header(plan, back, blocks is not None),
        _diagnostics(plan, blocks is not None),
        '<main class="panes">',
        _document(plan, blocks, at, note),
        _outline(plan, at, blocks is not None),
        "</main>",
        _task_list(plan),
    ]
    return shell(f"{plan.meta.title or Path(plan.source.path).name} · zxparse", "\n".join(body), "view.css", "view.js")


def _header(plan: Plan, back: str | None, linked: bool) -> str:
    meta = plan.meta
    warnings = sum(d.severity != "info" for d in plan.diagnostics)
    read_at = {key: evidence.source for key, evidence in meta.evidence.items()}
    facts = [  # each with where it was read (meta.evidence), when the text is shown
        (label("doc_kinds", meta.doc_kind), read_at.get("doc_kind")),
        (label("levels", meta.level, ""), read_at.get("organization")),
        (meta.region or "", read_at.get("organization")),
        (f"{meta.year_text}年" if meta.year_text else "年份未知", read_at.get("year")),
        ("草案" if meta.status == "draft" else "", None),
        (meta.organization or "", read_at.get("organization")),
        (f"发文：{meta.issuer}" if meta.issuer else "", None),
        (f"日期：{meta.issued_date}" if meta.issued_date else "", None),
    ]
    chips = "".join(
        f'<a class="fact" href="#b-{ref.block}" title="{_esc(where(ref))}">{_esc(fact)}</a>'
        if ref is not None and linked
        else f'<span class="fact">{_esc(fact)}</span>'
        for fact, ref in facts
        if fact
    )
    title = _esc(meta.title or "（无标题）")
    if meta.source is not None and linked:
        title = f'<a href="#b-{meta.source.block}">{title}</a>'
    stats = (
        f'<span class="stat"><b>{len(plan.items)}</b> 条目</span>'
        f'<span class="stat{" warn" if warnings else ""}"><b>{warnings}</b> 警告</span>'
    )
    nav = f'<a class="back" href="{_esc(back)}">← 语料报告</a>' if back else ""
    return (
        f'<header class="top">{nav}<div class="titles"><h1>{title}</h1>'
        f"{f'<p class=sub>{_esc(meta.subtitle)}</p>' if meta.subtitle else ''}"
        f'<div class="facts">{chips}</div></div><div class="stats">{stats}</div>'
        f'<p class="path" title="sha256 {_esc(plan.source.sha256)}">{_esc(plan.source.path)} · '
        f"{_esc(plan.source.format)}{f' · {_esc(plan.source.encoding)}' if plan.source.encoding else ''}</p></header>"
    )


def _link(ref: SourceRef | None, linked: bool) -> str:
    """Where `ref` is, as an office worker looks it up; a link to its line when the text is shown."""
    if ref is None:
        return '<span class="loc">全文</span>'
    if not linked:
        return f'<span class="loc">{_esc(where(ref))}</span>'
    return f'<a class="loc" href="#b-{ref.block}">{_esc(where(ref))}</a>'


def _diagnostics(plan: Plan, linked: bool) -> str:
    """The diagnostics, one row a code (errors, then warnings, then notes), each occurrence linked to
    its line: a scraped page masks dozens of words, and one row of 27 links reads better than 27 rows."""
    if not plan.diagnostics:
        return '<section class="diags none"><span>诊断</span> 未发现问题</section>'
    order = {"error": 0, "warning": 1, "info": 2}
    groups: dict[tuple[str, str], list] = {}
    for d in sorted(plan.diagnostics, key=lambda d: order.get(d.severity, 3)):
        groups.setdefault((d.severity, d.code), []).append(d)
    counts = {sev: sum(d.severity == sev for d in plan.diagnostics) for sev in order}
    summary = " · ".join(f"{n} {label('severities', sev)}" for sev, n in counts.items() if n)
    rows = "".join(
        f'<li class="diag {sev}"><span class="sev">{_esc(label("severities", sev))}</span><code>{_esc(code)}</code>'
        f'<span class="n">{len(ds)}</span><span class="entries">'
        + "".join(f'<span class="entry">{_link(d.source, linked)} {_esc(d.message)}</span>' for d in ds)
        + "</span></li>"
        for (sev, code), ds in groups.items()
    )
    opened = " open" if counts["error"] or counts["warning"] else ""
    return f'<details class="diags"{opened}><summary>诊断 <span>{summary}</span></summary><ul>{rows}</ul></details>'


def _document(plan: Plan, blocks: list[Block] | None, at: _Where, note: str | None) -> str:
    head = (
        '<div class="pane-head"><h2>原文</h2><span class="key"><mark class="ev ev-topic">类别用语</mark>'
        '<mark class="ev ev-committee">委室</mark><mark class="ev ev-time">时间</mark>'
        '<mark class="ev ev-domain">领域用语</mark></span></div>'
    )
    if blocks is None:
        return f'<section class="pane doc" id="doc">{head}<p class="note">{_esc(note or "原文不可用")}</p></section>'
    marks = _evidence(plan, at)
    flagged = defaultdict(list)
    for d in plan.diagnostics:
        if d.source is not None:
            flagged[d.source.block].append(d)
    rows, page = [], None
    for block in blocks:
        if block.page is not None and block.page != page:
            page = block.page
            rows.append(f'<div class="page">第 {page} 页</div>')
        rows.append(_line(block, at, marks.get(block.index, set()), flagged.get(block.index, [])))
    note_row = f'<p class="note">{_esc(note)}</p>' if note else ""
    return f'<section class="pane doc" id="doc">{head}{note_row}<div class="lines">{"".join(rows)}</div></section>'


def _gutter(block: Block) -> str:
    if block.table is not None:
        return f"表{block.table}·{block.row}"
    if block.line is not None:
        return str(block.line)
    if block.paragraph is not None:
        return f"¶{block.paragraph}"
    return f"#{block.index + 1}"


def _line(block: Block, at: _Where, words: set[tuple[str, str]], diags: list) -> str:
    classes = ["ln"]
    if block.index not in at.claimed:
        classes.append("aside")  # read, but no part of the plan: page noise, preamble, a contents page
    if block.index in at.headings:
        classes.append("head")
    if any(d.severity != "info" for d in diags):
        classes.append("flag")
    attrs = f' data-owner="{at.owner[block.index]}"' if block.index in at.owner else ""
    attrs += f' style="--c:{at.colour[block.index]}"' if block.index in at.colour else ""
    tags = "".join(f'<span class="tag {d.severity}" title="{_esc(d.message)}">{_esc(d.code)}</span>' for d in diags)
    return (
        f'<div class="{" ".join(classes)}" id="b-{block.index}"{attrs} title="{_esc(where(block.ref))}">'
        f'<span class="at">{_esc(_gutter(block))}</span>'
        f'<span class="tx">{marked(block.text, words)}{tags}</span></div>'
    )


@dataclass
class _Plan:
    """What the right pane draws each node and item with."""

    at: _Where
    linked: bool  # the document is shown: locations are links, cards light lines
    flags: dict[int, list]  # block → warnings read there
    counts: dict[str | None, list]  # node id (None: the whole document) → counts declared there
    names: dict[str, str]  # topic code → Chinese name, as the plan's items give it


def _outline(plan: Plan, at: _Where, linked: bool) -> str:
    flags, counts = defaultdict(list), defaultdict(list)
    for d in plan.diagnostics:
        if d.source is not None and d.severity != "info":
            flags[d.source.block].append(d)
    for c in plan.declared_counts:
        counts[c.scope].append(c)
    draw = _Plan(at, linked, flags, counts, {item.topic_type: item.topic_type_zh for item in plan.items})
    items_at = {item.node_id: n for n, item in enumerate(plan.items) if item.node_id is not None}

    def tree(nodes: list[Node]) -> str:
        entries = []
        for node in nodes:
            n = items_at.get(node.id)
            own = _item(plan.items[n], n, draw) if n is not None else _node(node, draw)
            entries.append(f"<li>{own}{tree(node.children) if node.children else ''}</li>")
        return f'<ol class="tree">{"".join(entries)}</ol>'

    loose = [_item(item, n, draw) for n, item in enumerate(plan.items) if item.node_id is None]
    parts = [
        '<section class="pane plan" id="plan"><div class="pane-head"><h2>大纲与条目</h2></div>',
        _legend(plan),
        "".join(_count(c) for c in counts[None]),
        tree(plan.outline) if plan.outline else '<p class="note">没有编号大纲</p>',
    ]
    if loose:
        parts.append(f'<h3 class="group">由正文推断的条目</h3><div class="loose">{"".join(loose)}</div>')
    parts.append("</section>")
    return "".join(parts)


def _legend(plan: Plan) -> str:
    seen: dict[str, tuple[str, int]] = {}
    for item in plan.items:
        zh, n = seen.get(item.topic_type, (item.topic_type_zh, 0))
        seen[item.topic_type] = (zh, n + 1)
    keys = "".join(
        f'<button type="button" class="key-topic" data-filter="{_esc(code)}" style="--c:{topic_colour(code)}">'
        f"<i></i>{_esc(zh)} <small>{n}</small></button>"
        for code, (zh, n) in sorted(seen.items(), key=lambda kv: -kv[1][1])
    )
    return f'<div class="legend" title="点击只看此类">{keys}</div>' if keys else ""


def _blocks_attr(blocks: list[int], linked: bool) -> str:
    return f' data-blocks="{" ".join(map(str, blocks))}"' if linked else ""


def _count(c) -> str:
    """A declared count and what was found; a mismatch stands out. Placeholder lines ('适当增加协商议题')
    are places kept for items to come, not items."""
    found = "" if c.found is None else f"，找到 {c.found}"
    found += f"，待定 {c.placeholders}" if c.placeholders else ""
    off = " off" if c.found is not None and c.found + c.placeholders != c.count else ""
    return f'<span class="count{off}" title="{_esc(c.text)}">声明 {c.count}{_esc(found)}</span>'


def _node(node: Node, draw: _Plan) -> str:
    badges = "".join(_count(c) for c in draw.counts[node.id]) + _badges(draw.flags[node.source.block])
    unit = f'<span class="unit">{_esc(node.unit)}</span>' if node.unit else ""
    return (
        f'<div class="node lv{min(node.level, 4)}" id="{draw.at.node_dom[node.id]}"'
        f'{_blocks_attr(draw.at.node_blocks[node.id], draw.linked)} tabindex="0">'
        f'<span class="lbl">{_esc(node.label)}</span><span class="ttl">{_esc(node.title or "（无标题）")}</span>'
        f'{unit}{badges}<span class="nid">{_esc(node.id)}</span></div>'
    )


def _badges(flags: list) -> str:
    """The warnings about a heading or item: a numbering gap or repeat, a marker read through corruption."""
    return "".join(f'<span class="badge warn" title="{_esc(d.message)}">{_esc(d.code)}</span>' for d in flags)


def _item(item: Item, n: int, draw: _Plan) -> str:
    """An item's card: its type (and, in 1.1 plans, how sure), who, whom, when, and every field."""
    confidence = getattr(item, "topic_confidence", None)
    chips = [
        f'<span class="topic" style="--c:{topic_colour(item.topic_type)}" title="{_esc(item.topic_type)}">'
        f"{_esc(item.topic_type_zh)}</span>",
        f'<span class="how">{_esc(label("topic_sources", item.topic_source))}</span>',
    ]
    if confidence:
        chips.append(f'<span class="conf {_esc(confidence)}">把握：{_esc(label("confidence", confidence))}</span>')
    facts = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in _facts(item, draw.names) if v)
    fields = ""
    if item.fields:
        listed = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in item.fields.items())
        fields = f'<details class="fields"><summary>字段 {len(item.fields)}</summary><dl>{listed}</dl></details>'
    return (
        f'<article class="item{" low" if confidence == "low" else ""}" id="it-{n}" data-topic="{_esc(item.topic_type)}"'
        f'{_blocks_attr(draw.at.item_blocks[n], draw.linked)} style="--c:{topic_colour(item.topic_type)}" tabindex="0">'
        f'<header><span class="lbl">{_esc(item.label)}</span><h3>{_esc(item.title or "（无标题）")}</h3>'
        f"{_badges(draw.flags[item.source.block])}{_link(item.source, draw.linked)}</header>"
        f'<div class="chips">{"".join(chips)}</div>{f"<dl>{facts}</dl>" if facts else ""}{fields}</article>'
    )


def _facts(item: Item, names: dict[str, str]) -> list[tuple[str, str]]:
    """The rows of an item's card, as HTML (empty ones are left out)."""
    domains = (f'<span title="{_esc("、".join(item.domain_terms.get(d, [])))}">{_esc(d)}</span>' for d in item.domains)
    return [
        ("牵头", "、".join(_committee(c) for c in item.committees)),
        ("领导", "、".join(_esc(leader) for leader in item.leaders)),
        ("协商部门", "、".join(_esc(c) for c in item.counterparts)),
        ("时间", _time(item)),
        ("形式", _forms(getattr(item, "forms", None), names)),
        ("领域", "、".join(domains)),
    ]


def _committee(c) -> str:
    family = labels()["committee_families"].get(c.canonical, c.canonical) if c.canonical else "未识别"
    inferred = ' class="inferred" title="推断"' if c.source == "inferred" else ""
    return f"<span{inferred}>{_esc(c.name)}</span><small>{_esc(family)}</small>"


def _time(item: Item) -> str:
    if item.time is None:
        return ""
    months = f"<small>{'、'.join(f'{m}月' for m in item.time.months)}</small>" if item.time.months else ""
    return f"{_esc(item.time.text)}{months}"


def _forms(forms, names: dict[str, str]) -> str:
    """Each form of work an item names, in its colour, by its Chinese name where the plan uses the
    type (else its code), its words on hover."""
    chips = []
    for form in forms or []:
        code, words = _form(form)
        if code:
            chips.append(
                f'<span class="form" style="--c:{topic_colour(code)}" title="{_esc(code)}：{_esc("、".join(words))}">'
                f"{_esc(names.get(code, code))}</span>"
            )
    return "".join(chips)


def _task_list(plan: Plan) -> str:
    """The printed page: the plan as the office's task list (the columns of `-f csv`)."""
    head = "".join(f"<th>{_esc(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in task_rows(plan))
    return (
        f'<section class="tasks"><h2>任务清单</h2><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


# ---------------------------------------------------------------------------------------------------
# Pages of files


def document_page(path: Path | str, lex: Lexicon, data: bytes | None = None) -> str:
    """The review page of a document (or of `data`, read as text, named `path`)."""
    from .pipeline import parse_blocks
    from .read import read, read_bytes

    source, blocks = read(path, lex) if data is None else read_bytes(data, path, lex)
    return render(parse_blocks(source, blocks, lex), blocks)


def plan_page(path: Path, lex: Lexicon) -> str:
    """The review page of a saved plan, beside its document when that is still where the plan says
    and unchanged (the same sha256); otherwise the page says why the text is missing."""
    plan = load_plan(path)
    blocks, note = document_blocks(plan, path.parent, lex)
    return render(plan, blocks, note)


def load_plan(path: Path) -> Plan:
    from pydantic import ValidationError

    from .output import load_data

    try:
        data = load_data(path.read_text("utf-8"), path.suffix.lower())
        return Plan.model_validate(data)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInput(path, f"cannot read plan file ({exc.__class__.__name__})") from None
    except ValueError as exc:  # a ValidationError is a ValueError too
        if isinstance(exc, ValidationError):
            err = exc.errors()[0]
            where_ = ".".join(map(str, err["loc"])) or "$"
            raise UnreadableInput(path, f"not a zxparse plan: {where_}: {err['msg']}") from None
        raise UnreadableInput(path, str(exc)) from None


def document_blocks(plan: Plan, base: Path, lex: Lexicon) -> tuple[list[Block] | None, str | None]:
    """The reader's blocks of the document a plan was made from: its recorded path as given, or
    relative to `base` (the plan's folder); None and the reason when it is gone, unreadable or changed."""
    from .read import EXTENSIONS, read_bytes

    recorded = Path(plan.source.path)
    found = next((p for p in (recorded, base / recorded) if p.is_file()), None)
    if found is None:
        return None, f"原文 {plan.source.path} 未找到：只显示解析结果。"
    try:
        data = found.read_bytes()
    except OSError as exc:
        return None, f"原文 {found} 无法读取（{exc.strerror}）：只显示解析结果。"
    if hashlib.sha256(data).hexdigest() != plan.source.sha256:
        return None, f"原文 {found} 在生成此计划后已改动（sha256 不同），行号不再对应：只显示解析结果。"
    try:
        _, blocks = read_bytes(data, found, lex, EXTENSIONS.get(found.suffix.lower(), "txt"))
    except ZxError as exc:
        return None, f"原文 {found} 无法读取：{exc.reason}"
    return blocks, None
