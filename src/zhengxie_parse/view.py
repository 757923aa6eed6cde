"""The review page: a plan beside the document it was read from, as one self-contained HTML file.

Left, the document as its reader gave it, one row a block, numbered as the format numbers it (line;
page and line; paragraph; table and row). Right, the outline with each item where its node stands.
Clicking an item or a heading lights the lines it was read from (`source` and `text_sources`), and the
words that decided each item's type, forms, domains, committees and time are marked where they are
written (the spans of `Item.evidence`). The
diagnostics sit on top, each linked to its line; the print stylesheet turns the page into a task list.

Documents are untrusted input: every string from a document or a plan file is escaped here. The page
needs no network (a USB stick in an office): style and script are inlined from data/view/, and the
fonts are the system's CJK fonts.
"""

from __future__ import annotations

import errno
import html
import os
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from .blocks import Block
from .diagnostics import explain, message_zh
from .diagnostics import name as diagnostic_name
from .document import Options
from .errors import OutputError, UnreadableInput, ZxError, shown, unshown
from .export import where
from .html_page import committee_family, label, shell, topic_colour, write_page
from .i18n import _
from .lexicon import Lexicon, default_lexicon, shipped
from .models import Corrected, Diagnostic, Evidence, Form, Item, Node, Plan, Source, SourceRef, walk
from .tasks import item_rows, sheet_columns, sheet_title

_esc = html.escape


def has_display() -> bool:
    """Whether a browser window can open: always on Windows and macOS; on Linux and the BSDs, when
    an X or Wayland display is set (an SSH session or a server has none)."""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Pages `view` opens live in one folder of the temporary directory, one file a document (the next view
# of it overwrites it); a page older than this is removed by the next view, since a browser may still
# be reading a page when zxparse exits and no call can remove its own.
PAGE_DAYS = 1


def open_page(page: str, stem: str) -> str:
    """Write `page` to the pages folder and open it in the default browser when there is a display;
    the message to show the user (where the page is, and whether it opened)."""
    temp = Path(tempfile.gettempdir())
    folder = temp / "zxparse-pages"
    _remove_old_pages(folder)
    path = folder / f"{stem}.html"
    try:
        if not temp.is_dir():  # not made here: a temporary folder that is gone is the user's to see
            raise OutputError(temp, os.strerror(errno.ENOENT))
        write_page(path, page)
    except OutputError as exc:  # a temporary folder gone, read-only or full
        reason = _("cannot make the page's temporary file ({why}); write it with -o page.html")
        raise OutputError(temp, reason.format(why=exc.reason)) from None
    uri = path.resolve().as_uri()
    if has_display():
        import webbrowser

        if webbrowser.open(uri):
            return _("opened {file}").format(file=shown(path))
    return _("no display to open a browser on: wrote {file} (copy it, or open {uri})").format(file=shown(path), uri=uri)


def _remove_old_pages(folder: Path) -> None:
    cutoff = time.time() - PAGE_DAYS * 86400
    for old in folder.glob("*.html"):
        with suppress(OSError):  # another view removed it, or it is not ours to remove
            if old.stat().st_mtime < cutoff:
                old.unlink()


# ---------------------------------------------------------------------------------------------------
# Where everything was read


@dataclass
class _Where:
    """Which blocks each node and item was read from, and whose line each block is."""

    node_dom: dict[str, str]  # node id → its element id on the page
    node_blocks: dict[str, list[int]]
    item_blocks: list[list[int]]  # by item position
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

    def with_parts(blocks: list[int]) -> list[int]:
        return _unique([part for block in blocks for part in (block, *parts.get(block, ()))])

    node_dom, node_blocks = {}, {}
    owner: dict[int, str] = {}
    colour: dict[int, str] = {}
    for n, (node, _ancestors) in enumerate(walk(plan.outline)):
        node_dom[node.id] = f"nd-{n}"
        node_blocks[node.id] = with_parts([node.source.block, *(ref.block for ref in node.text_sources)])
    whole = _item_nodes(plan)
    item_blocks = []
    for n, item in enumerate(plan.items):
        node_id = item.node_id or ""
        if node_id in whole:  # the item is its node: it lights the node's lines
            blocks = node_blocks[node_id]
        else:  # one of the points or topics read from a node (or from prose outside any): its own line
            blocks = with_parts([item.source.block])
        item_blocks.append(_unique([item.source.block, *blocks]))
        for block in item_blocks[-1]:
            owner.setdefault(block, f"it-{n}")
            colour.setdefault(block, topic_colour(item.topic_type))
    for node_id, blocks in node_blocks.items():
        for block in blocks:
            owner.setdefault(block, node_dom[node_id])
    meta_refs = [plan.meta.source, *(evidence.source for evidence in plan.meta.evidence.values())]
    claimed = set(owner) | {c.source.block for c in plan.declared_counts} | {r.block for r in meta_refs if r}
    # a prose section opens with a sentence of its paragraph, not a heading line of its own
    prose = {node.id for node, _ in walk(plan.outline) if node.family == "prose"}
    headings = {blocks[0] for node_id, blocks in node_blocks.items() if node_id not in whole | prose}
    return _Where(node_dom, node_blocks, item_blocks, owner, colour, headings, claimed)


def _item_nodes(plan: Plan) -> set[str]:
    """The nodes that are an item each: the node of exactly one item. A node several items were read
    from — a section's points (一是…二是…), the topics a prose section lists — stays a node, its
    items under it."""
    counts: dict[str | None, int] = defaultdict(int)
    for item in plan.items:
        counts[item.node_id] += 1
    return {node_id for node_id, n in counts.items() if node_id is not None and n == 1}


# The item values whose words are marked in the document, and how (the key of the page's legend).
_MARKED = {
    "topic_terms": "topic",
    "forms": "topic",
    "domain_terms": "domain",
    "committees": "committee",
    "time": "time",
}
_MARK_ORDER = ("topic", "committee", "time", "domain")

Span = tuple[int, int, str]  # start, end in the block's text, kind


def _evidence(plan: Plan) -> dict[int, set[Span]]:
    """Block → the spans to mark in it: where the words that decided each item's type, its forms,
    domains, committees and time are written (`Item.evidence`); words with no span mark nothing."""
    marks: dict[int, set[Span]] = defaultdict(set)
    for item in plan.items:
        for e in item.evidence:
            if e.field in _MARKED and e.source is not None and e.source.start is not None:
                marks[e.source.block].add((e.source.start, e.source.end, _MARKED[e.field]))
    return marks


def marked(text: str, spans: set[Span]) -> str:
    """`text` escaped, each span wrapped in <mark class="ev ev-KIND">; where two overlap, the earlier
    and then the longer one is marked; one span as two kinds is marked as the first in _MARK_ORDER;
    a span outside the text (a plan file beside another version of its document) marks nothing."""
    out, at = [], 0
    for start, end, kind in sorted(spans, key=lambda span: (span[0], span[0] - span[1], _MARK_ORDER.index(span[2]))):
        if at <= start < end <= len(text):
            out.append(f'{_esc(text[at:start])}<mark class="ev ev-{kind}">{_esc(text[start:end])}</mark>')
            at = end
    out.append(_esc(text[at:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# The page


def render(
    plan: Plan,
    blocks: list[Block] | None,
    note: str | None = None,
    back: str | None = None,
    made_from: str | None = None,
    lex: Lexicon | None = None,
    corrections: list | None = None,
) -> str:
    """The review page of `plan`; `blocks` are the reader's blocks of its document (None when the
    document cannot be shown: `note` says why); `back` links to a corpus report, whose batch records
    in `made_from` what the page was drawn from. `corrections` are those applied to the plan: the
    file the page saves holds them and what a person corrects on it."""
    from .corrections import page_data

    at = _locate(plan, [block.index for block in blocks or ()])
    body = [
        _header(plan, back, blocks is not None),
        _diagnostics(plan, blocks is not None),
        '<main class="panes">',
        _document(plan, blocks, at, note),
        _outline(plan, at, blocks is not None),
        "</main>",
        _task_list(plan, lex),
        _json_script("zx-fixes", page_data(plan, corrections or [], lex)),
    ]
    title = f"{plan.meta.title or Path(plan.source.path).name} · zxparse"
    return shell(title, "\n".join(body), "view.css", "view.js", made_from)


def _header(plan: Plan, back: str | None, linked: bool) -> str:
    meta = plan.meta
    warnings = sum(d.severity != "info" for d in plan.diagnostics)
    read = meta.evidence.get
    facts = [  # each with the evidence it was read from (meta.evidence), if any
        (label("doc_kinds", meta.doc_kind), read("doc_kind")),
        (label("levels", meta.level, ""), read("organization")),
        (meta.region or "", read("region") or read("organization")),
        (f"{meta.year_text}年" if meta.year_text else "年份未知", read("year")),
        ("草案" if meta.status == "draft" else "", None),
        (meta.organization or "", read("organization")),
        (f"发文：{meta.issuer}" if meta.issuer else "", None),
        (f"日期：{meta.issued_date}" if meta.issued_date else "", None),
    ]
    chips = "".join(_fact(fact, evidence, linked) for fact, evidence in facts if fact)
    chips += "".join(
        f'<span class="fact fixed" title="{_esc(_was(record))}">已更正 {_esc(label("meta_fields", field))}</span>'
        for field, record in meta.corrected.items()
    )
    title = _esc(meta.title or "（无标题）")
    if meta.source is not None and linked:
        title = f'<a href="#b-{meta.source.block}">{title}</a>'
    stats = (
        f'<span class="stat"><b>{len(plan.items)}</b> 条目</span>'
        f'<span class="stat{" warn" if warnings else ""}"><b>{warnings}</b> 警告</span>'
        f'<span class="stat info" title="清理或遮蔽等提示，不算警告"><b>{len(plan.diagnostics) - warnings}</b> 提示</span>'
        '<button type="button" class="fix-save" title="下载更正文件：放在原文旁，重新解析时自动应用">'
        '保存更正文件 <b class="fix-count"></b></button>'
    )
    nav = f'<a class="back" href="{_esc(back)}">← 语料报告</a>' if back else ""
    return (
        f'<header class="top">{nav}<div class="titles"><h1>{title}</h1>'
        f"{f'<p class=sub>{_esc(meta.subtitle)}</p>' if meta.subtitle else ''}"
        f'<div class="facts">{chips}<button type="button" class="fix-meta" title="更正文档的标题、年度、机构、地区">'
        f'更正</button></div></div><div class="stats">{stats}</div>'
        f'<p class="path" title="sha256 {_esc(plan.source.sha256)}">{_esc(plan.source.path)} · '
        f"{_esc(plan.source.format)}{f' · {_esc(plan.source.encoding)}' if plan.source.encoding else ''}</p></header>"
    )


def _fact(fact: str, evidence: Evidence | None, linked: bool) -> str:
    """A fact of the document; where it was read ('读自标题：…2017年度…') on hover, and a link to that
    line when the text is shown."""
    if evidence is None:
        return f'<span class="fact">{_esc(fact)}</span>'
    ref = evidence.source
    said = f"读自{label('evidence_origins', evidence.origin)}{f'（{where(ref)}）' if ref else ''}：{evidence.text}"
    if ref is None or not linked:
        return f'<span class="fact" title="{_esc(said)}">{_esc(fact)}</span>'
    return f'<a class="fact" href="#b-{ref.block}" title="{_esc(said)}">{_esc(fact)}</a>'


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
        f'<li class="diag {sev}"><span class="sev">{_esc(label("severities", sev))}</span><span class="what"'
        f' title="{_esc(code)}：{_esc(explain(code))}">{_esc(diagnostic_name(code))}</span><span class="n">{len(ds)}</span>'
        '<span class="entries">'
        + "".join(f'<span class="entry">{_link(d.source, linked)} {_esc(message_zh(d))}</span>' for d in ds)
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
    marks = _evidence(plan)
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


def _line(block: Block, at: _Where, spans: set[Span], diags: list) -> str:
    classes = ["ln"]
    if block.index not in at.claimed:
        classes.append("aside")  # read, but no part of the plan: page noise, preamble, a contents page
    if block.index in at.headings:
        classes.append("head")
    if any(d.severity != "info" for d in diags):
        classes.append("flag")
    attrs = f' data-owner="{at.owner[block.index]}"' if block.index in at.owner else ""
    attrs += f' style="--c:{at.colour[block.index]}"' if block.index in at.colour else ""
    tags = "".join(f'<span class="tag {d.severity}"{_about(d)}>{_esc(diagnostic_name(d.code))}</span>' for d in diags)
    return (
        f'<div class="{" ".join(classes)}" id="b-{block.index}"{attrs} title="{_esc(where(block.ref))}">'
        f'<span class="at">{_esc(_gutter(block))}</span>'
        f'<span class="tx">{marked(block.text, spans)}{tags}</span></div>'
    )


@dataclass
class _Plan:
    """What the right pane draws each node and item with."""

    at: _Where
    linked: bool  # the document is shown: locations are links, cards light lines
    flags: dict[int, list]  # block → warnings read there
    counts: dict[str | None, list]  # node id (None: the whole document) → counts declared there
    names: dict[str, str]  # topic code → Chinese name: the lexicon's, or as the plan's items give it
    placeholders: dict[int, str]  # block → why its line keeps a place for items to come


def _outline(plan: Plan, at: _Where, linked: bool) -> str:
    flags, counts = defaultdict(list), defaultdict(list)
    for d in plan.diagnostics:
        if d.source is not None and d.severity != "info":
            flags[d.source.block].append(d)
    for c in plan.declared_counts:
        counts[c.scope].append(c)
    # every form an item names by its Chinese name: the shipped lexicon's, and a user lexicon's as its items give it
    names = {code: topic["zh"] for code, topic in shipped("topics").items()}
    names |= {item.topic_type: item.topic_type_zh for item in plan.items}
    held = {d.source.block: d.message for d in plan.diagnostics if d.code == "placeholder_item" and d.source}
    draw = _Plan(at, linked, flags, counts, names, held)
    whole = _item_nodes(plan)
    items_of: dict[str | None, list[int]] = defaultdict(list)
    for n, item in enumerate(plan.items):
        items_of[item.node_id].append(n)

    def tree(nodes: list[Node]) -> str:
        entries = []
        for node in nodes:
            if node.id in whole:
                own = _item(plan.items[items_of[node.id][0]], items_of[node.id][0], draw)
            else:  # a heading, with the items read from its own text (its points, a prose section's topics)
                own = _node(node, draw) + "".join(_item(plan.items[n], n, draw) for n in items_of[node.id])
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
    """A heading: its marker and title; a prose section (a paragraph of a plan written as running
    text) and a line that keeps a place for items to come say so."""
    badges = "".join(_count(c) for c in draw.counts[node.id]) + _badges(draw.flags[node.source.block])
    if node.source.block in draw.placeholders:
        badges += f'<span class="badge" title="{_esc(draw.placeholders[node.source.block])}">预留，非条目</span>'
    unit = f'<span class="unit">{_esc(node.unit)}</span>' if node.unit else ""
    if node.family == "prose":
        unit += '<span class="unit" title="计划以正文段落写成：此段为一部分">正文段落</span>'
    if node.family == "gap":
        unit += '<span class="unit" title="网页以付费栏隐去了一段，其后的编号属于被隐去的一章">隐去的一章</span>'
    return (
        f'<div class="node lv{min(node.level, 4)}" id="{draw.at.node_dom[node.id]}"'
        f'{_blocks_attr(draw.at.node_blocks[node.id], draw.linked)} tabindex="0">'
        f'<span class="lbl">{_esc(node.label)}</span><span class="ttl">{_esc(node.title or "（无标题）")}</span>'
        f'{unit}{badges}<span class="nid">{_esc(node.id)}</span></div>'
    )


def _badges(flags: list) -> str:
    """The warnings about a heading or item: a numbering gap or repeat, a marker read through corruption."""
    return "".join(f'<span class="badge warn"{_about(d)}>{_esc(diagnostic_name(d.code))}</span>' for d in flags)


def _about(d: Diagnostic) -> str:
    """A diagnostic's code and message, on hover."""
    return f' title="{_esc(d.code)}：{_esc(message_zh(d))}" data-code="{_esc(d.code)}"'


def _item(item: Item, n: int, draw: _Plan) -> str:
    """An item's card: its type (and, in 1.1 plans, how sure), who, whom, when, and every field."""
    confidence = item.topic_confidence
    chips = [
        (
            f'<span class="topic" style="--c:{topic_colour(item.topic_type)}" title="{_esc(item.topic_type)}">'
            f"{_esc(item.topic_type_zh)}</span>"
        ),
        f'<span class="how">{_esc(label("topic_sources", item.topic_source))}</span>',
    ]
    if confidence:
        chips.append(f'<span class="conf {_esc(confidence)}">把握：{_esc(label("confidence", confidence))}</span>')
    if "topic_type" in item.corrected:  # what the type was, by its Chinese name
        record = item.corrected["topic_type"]
        was = shipped("topics").get(record.was, {}).get("zh", record.was)
        chips.append(_fixed_badge("类别", record.model_copy(update={"was": was})))
    if "item" in item.corrected:
        chips.append(f'<span class="badge fixed" title="{_esc(_was(item.corrected["item"]))}">人工添加</span>')
    facts = "".join(
        f"<dt>{k}</dt><dd{_fixed_attrs(item, field)}>{v}</dd>" for k, v, field in _facts(item, draw.names) if v
    )
    fields = ""
    if item.fields:
        listed = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in item.fields.items())
        fields = f'<details class="fields"><summary>字段 {len(item.fields)}</summary><dl>{listed}</dl></details>'
    fixed = " fixed" if item.corrected else ""
    return (
        f'<article class="item{" low" if confidence == "low" else ""}{fixed}" id="it-{n}" data-key="{_esc(item.key or "")}" '
        f'data-topic="{_esc(item.topic_type)}"'
        f'{_blocks_attr(draw.at.item_blocks[n], draw.linked)} style="--c:{topic_colour(item.topic_type)}" tabindex="0">'
        f'<header><span class="lbl">{_esc(item.label)}</span><h3{_fixed_attrs(item, "title")}>'
        f"{_esc(item.title or '（无标题）')}</h3>{_badges(draw.flags[item.source.block])}"
        f"{_FIX_BUTTON if item.key else ''}"
        f"{_link(item.source, draw.linked)}</header>"
        f'<div class="chips">{"".join(chips)}</div>{f"<dl>{facts}</dl>" if facts else ""}{fields}</article>'
    )


def _was(record: Corrected) -> str:
    """What a correction replaced, on hover: '原为：专题协商（更正文件 plan.corrections.yaml）'."""
    was = record.was
    shown_was = "（无）" if was in (None, "", []) else "、".join(map(str, was)) if isinstance(was, list) else str(was)
    return (
        f"原为：{shown_was}（更正文件 {record.file}）" if record.was is not None else f"据更正文件 {record.file} 添加"
    )


def _fixed_badge(what: str, record: Corrected) -> str:
    return f'<span class="badge fixed" title="{_esc(_was(record))}">已更正{_esc(what)}</span>'


def _fixed_attrs(item: Item, field: str) -> str:
    """A corrected value is marked, what it replaced on hover."""
    record = item.corrected.get(field)
    return f' class="fixed" title="{_esc(_was(record))}"' if record else ""


def _json_script(element_id: str, data: dict) -> str:
    """Data for the page's script, inert: JSON in a script element, '<' escaped so text from a
    document cannot close the element."""
    import json

    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


# an item is corrected by its key: a plan from before contract 1.2 has none, and no button
_FIX_BUTTON = (
    '<button type="button" class="fix-open" title="更正此条：类别、议题、牵头单位、领导、时间，或删除">更正</button>'
)


def _facts(item: Item, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """The rows of an item's card, as HTML, with the field each shows (empty ones are left out)."""
    domains = (
        f'<span title="{_esc(d)}：{_esc("、".join(item.domain_terms.get(d, [])))}">{_esc(label("domains", d))}</span>'
        for d in item.domains
    )
    return [
        ("牵头", "、".join(_committee(c) for c in item.committees), "committees"),
        ("领导", "、".join(_esc(leader) for leader in item.leaders), "leaders"),
        ("协商部门", "、".join(_esc(c) for c in item.counterparts), "counterparts"),
        ("时间", _time(item), "time"),
        ("形式", _forms(item.forms, names), "forms"),
        ("领域", "、".join(domains), "domains"),
    ]


def _committee(c) -> str:
    family = committee_family(c.canonical) or "未识别"
    inferred = ' class="inferred" title="推断"' if c.source == "inferred" else ""
    return f"<span{inferred}>{_esc(c.name)}</span><small>{_esc(family)}</small>"


def _time(item: Item) -> str:
    """The time as written, its months, and where it was read (its time field, its title, or the
    heading above it: '（一）一季度' over its items)."""
    if item.time is None:
        return ""
    months = f"<small>{'、'.join(f'{m}月' for m in item.time.months)}</small>" if item.time.months else ""
    origin = f"<small>读自{_esc(label('time_origins', item.time.origin))}</small>"
    return f"{_esc(item.time.text)}{months}{origin}"


def _forms(forms: list[Form], names: dict[str, str]) -> str:
    """Each form of work an item names, in its colour, by its Chinese name where the plan uses the
    type (else its code), its words on hover."""
    return "".join(
        f'<span class="form" style="--c:{topic_colour(form.code)}" title="{_esc(form.code)}：'
        f'{_esc("、".join(form.terms))}">{_esc(names.get(form.code, form.code))}</span>'
        for form in forms
    )


def _task_list(plan: Plan, lex: Lexicon | None) -> str:
    """The printed page: the plan as the office's 任务分解表 (the columns of the Word table)."""
    columns = [c.name for c in sheet_columns() if c.word]
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_esc(str(row[c]))}</td>" for c in columns) + "</tr>"
        for _, row in item_rows(plan, lex or default_lexicon())
    )
    return (
        f'<section class="tasks"><h2>{_esc(sheet_title([plan]))}</h2><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


# ---------------------------------------------------------------------------------------------------
# Pages of files


def document_page(path: Path, lex: Lexicon, corrections: Path | None = None, options: Options | None = None) -> str:
    """The review page of a document, with its corrections (`corrections.find`), parsed with `options`."""
    from .read import read

    return _parsed_page(*read(path, lex), lex, path, corrections, options)


def plan_page(path: Path, lex: Lexicon, corrections: Path | None = None) -> str:
    """The review page of a saved plan, beside its document when that is still where the plan says
    and unchanged (the same sha256); otherwise the page says why the text is missing."""
    from .saved_plans import load_plans

    return _saved_page(load_plans(path), path, lex, corrections)


def stdin_page(lex: Lexicon, corrections: Path | None = None, options: Options | None = None) -> str:
    """The review page of standard input: a saved plan (its document looked for from the current
    folder), or a document, its format told by its first bytes."""
    from .read import detect, read_bytes, stdin_bytes
    from .saved_plans import is_plan_text, read_plans

    data = stdin_bytes()
    text = data.decode("utf-8", errors="replace")
    if is_plan_text(text):
        return _saved_page(read_plans(text, "", "-"), Path("-"), lex, corrections)
    return _parsed_page(*read_bytes(data, "-", lex, detect(data)), lex, None, corrections, options)


def _parsed_page(
    source: Source,
    blocks: list[Block],
    lex: Lexicon,
    named: Path | None,
    given: Path | None,
    options: Options | None = None,
) -> str:
    from .pipeline import parse_blocks

    return _corrected_page(parse_blocks(source, blocks, lex, options=options), blocks, None, lex, named, given)


def _saved_page(plans: list[Plan], path: Path, lex: Lexicon, given: Path | None) -> str:
    if len(plans) != 1:
        raise UnreadableInput(
            path,
            _("holds {n} plans; a review page shows one (`zxparse extract … -o DIR/` writes one a file)").format(
                n=len(plans)
            ),
        )
    blocks, note = document_blocks(plans[0], path.parent, lex)
    return _corrected_page(plans[0], blocks, note, lex, None if str(path) == "-" else path, given)


def _corrected_page(
    plan: Plan, blocks: list[Block] | None, note: str | None, lex: Lexicon, named: Path | None, given: Path | None
) -> str:
    """The page of `plan` with its corrections applied; the file it saves holds them too."""
    from .corrections import apply, find

    found = find(plan, given, 1, named)
    return render(apply(plan, found, lex), blocks, note, lex=lex, corrections=found)


def document_blocks(plan: Plan, base: Path, lex: Lexicon) -> tuple[list[Block] | None, str | None]:
    """The reader's blocks of the document a plan was made from: its recorded path as given, or
    relative to `base` (the plan's folder); None and the reason when it is gone, unreadable or changed."""
    from .read import read

    # a name that is not UTF-8 is recorded as shown ('plan-\xd5\xfe.txt'): its bytes are tried too
    recorded = [Path(p) for p in dict.fromkeys((plan.source.path, unshown(plan.source.path)))]
    found = next((p for path in recorded for p in (path, base / path) if p.is_file()), None)
    if found is None:
        return None, f"原文 {plan.source.path} 未找到：只显示解析结果。"
    try:
        source, blocks = read(found, lex)
    except ZxError as exc:
        return None, f"原文 {shown(found)} 无法读取（{exc.reason}）：只显示解析结果。"
    if source.sha256 != plan.source.sha256:
        return None, f"原文 {shown(found)} 在生成此计划后已改动（sha256 不同），行号不再对应：只显示解析结果。"
    return blocks, None
