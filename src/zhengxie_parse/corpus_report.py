"""The corpus report of a batch (`zxparse batch … --report`): OUT/index.html, a table of every
document (each linked to its review page under OUT/review/) and charts of the corpus — items by
topic type, topic types by year, items per committee family, documents by level and by kind.

A batch worker writes a document's review page while it has the plan and the reader's blocks in hand,
and returns the document's `profile` (the few counts the charts need). The index is built from the
batch's own report (batch-report.json: each document's status — parsed, skipped, failed, left_out, not_done —
and error) and those profiles, without reading any plan again; an interrupted batch gets one too.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from .batch_files import BATCH_REPORT, CORPUS_INDEX, review_page_name
from .blocks import Block
from .build import build
from .charts import bars, grid
from .chinese import traditional_forms
from .errors import shown
from .export import warnings_in
from .html_page import family_name, label, labels, shell, topic_colour, write_page
from .i18n import in_chinese
from .lexicon import Lexicon
from .models import Plan
from .view import render

UNKNOWN = "未知"
CHART_FRAME = 60  # a chart's caption and padding, in the units of its height
WIDE_YEARS = 7  # a year grid with more columns than this gets the page's whole width
UNKNOWN_COMMITTEE = "其他（名称未收录）"
_esc = html.escape


def profile(plan: Plan, lex: Lexicon, page: str) -> dict:
    """What the report shows of one plan: its facts for the table and its counts for the charts."""
    meta = plan.meta
    families: Counter[str] = Counter()
    for item in plan.items:
        families.update({_family(part, lex) for c in item.committees for part in _parts(c.canonical)})
    return {
        "page": page,
        "title": meta.title,
        "doc_kind": meta.doc_kind,
        "level": meta.level,
        "region": meta.region,
        "year": meta.year_text,
        "items": len(plan.items),
        "warnings": warnings_in(plan),
        "topics": dict(Counter(item.topic_type for item in plan.items)),
        "topic_zh": {item.topic_type: item.topic_type_zh for item in plan.items},
        "committees": dict(families),
    }


def _parts(canonical: str | None) -> list[str | None]:
    """The families of a committee: a merged one ('economy+population_resources_environment',
    经科与人资环委) counts for each."""
    return canonical.split("+") if canonical else [None]


def _family(canonical: str | None, lex: Lexicon) -> str:
    """A committee family as the report names it: the first name the lexicon lists for it."""
    if canonical is None:
        return UNKNOWN_COMMITTEE
    return family_name(canonical, lex.committees.families)


def write_review(
    out: Path, target: Path, plan: Plan, blocks: list[Block] | None, lex: Lexicon, corrections: list = ()
) -> dict:
    """Write the review page of the plan at `target` under `out`; its profile for the report. With
    no blocks (a plan the batch skipped as up to date) the page is kept when it was drawn from the
    same document by this zxparse and lexicon — what the batch asks of the plan — and else drawn
    again, the document read again for it. `corrections` were applied to the plan: the page's
    corrections file holds them."""
    from .view import document_blocks

    name = review_page_name(out, target)
    page = out / name
    made_from = f"{build()} {lex.fingerprint} {plan.source.sha256}"
    if blocks is not None or _made_from(page) != made_from:
        note = None
        if blocks is None:
            blocks, note = document_blocks(plan, target.parent, lex)
        back = "../" * (len(Path(name).parts) - 1) + CORPUS_INDEX
        write_page(
            page, render(plan, blocks, note, back=back, made_from=made_from, lex=lex, corrections=list(corrections))
        )
    return profile(plan, lex, name)


_MADE_FROM = re.compile(r'<meta name="zxparse-made-from" content="([^"]*)">')


def _made_from(page: Path) -> str | None:
    """What the review page at `page` was drawn from, as its head records it."""
    try:
        with page.open("rb") as file:
            found = _MADE_FROM.search(file.read(2048).decode("utf-8", errors="replace"))
    except OSError:
        return None
    return found.group(1) if found else None


# ---------------------------------------------------------------------------------------------------
# The index page


def write_index(out: Path, profiles: dict[str, dict], source: Path, seconds: float) -> Path:
    """OUT/index.html from the batch's report in `out` and the profile of each document that has a
    plan, by name."""
    batch = json.loads((out / BATCH_REPORT).read_text("utf-8"))
    path = out / CORPUS_INDEX
    write_page(path, index_page(batch, profiles, source, seconds))
    return path


def index_page(batch: dict, profiles: dict[str, dict], source: Path, seconds: float) -> str:
    """The index of a batch: its report (`state`, `counts`, `documents`) and the documents' profiles."""
    documents = batch["documents"]
    drawn = [profiles[d["name"]] for d in documents if d["name"] in profiles]
    years = sorted({p["year"] or UNKNOWN for p in drawn}, key=lambda y: (y == UNKNOWN, y))
    by_year = _chart("类别 · 按年度", _years_chart(drawn, years))
    wide = len(years) > WIDE_YEARS
    charts = [
        _chart("条目 · 按类别", _topics_chart(drawn)),
        _chart("条目 · 按牵头委室", _committees_chart(drawn)),
        *([] if wide else [by_year]),
        _chart("文档 · 按层级", _count_chart("文档按层级", drawn, "level", "levels", "#2f5d8a")),
        _chart("文档 · 按类型", _count_chart("文档按类型", drawn, "doc_kind", "doc_kinds", "#5e8c9e")),
    ]
    body = [
        _summary(batch, drawn, source, seconds),
        '<section class="charts">',
        *(f'<div class="stack">{"".join(stack)}</div>' for stack in _two_stacks(charts)),
        "</section>",
        f'<section class="wide">{by_year}</section>' if wide else "",
        _table(documents, profiles),
    ]
    return shell(f"语料报告 · {source.name or source} · zxparse", "\n".join(body), "report.css", "report.js")


def _summary(batch: dict, profiles: list[dict], source: Path, seconds: float) -> str:
    status = batch["counts"]
    cards = [
        ("文档", len(batch["documents"]), ""),
        (label("statuses", "parsed"), status["parsed"], ""),
        (label("statuses", "skipped"), status["skipped"], ""),
        (label("statuses", "failed"), status["failed"], " bad" if status["failed"] else ""),
        *([(label("statuses", "left_out"), status["left_out"], " warn")] if status.get("left_out") else []),
        *([(label("statuses", "not_done"), status["not_done"], " warn")] if status["not_done"] else []),
        ("条目", sum(p["items"] for p in profiles), ""),
        ("警告", sum(p["warnings"] for p in profiles), " warn" if any(p["warnings"] for p in profiles) else ""),
    ]
    stats = "".join(f'<div class="card{cls}"><b>{n}</b><span>{name}</span></div>' for name, n, cls in cards)
    when = time.strftime("%Y-%m-%d %H:%M")
    state = (
        "" if batch["state"] == "finished" else f' · <b class="bad">{_esc(label("batch_states", batch["state"]))}</b>'
    )
    return (
        f'<header class="top"><div><h1>语料报告</h1><p class="sub">{_esc(shown(source))} · {when} · '
        f'用时 {seconds:.1f} 秒{state}</p></div><div class="cards">{stats}</div></header>'
    )


def _two_stacks(charts: list[str]) -> tuple[list[str], list[str]]:
    """The charts in two columns of about equal height, each chart going to the shorter one."""
    stacks: tuple[list[str], list[str]] = ([], [])
    heights = [0, 0]
    for chart in charts:
        shorter = heights.index(min(heights))
        stacks[shorter].append(chart)
        drawn = re.search(r'<svg[^>]* height="(\d+)"', chart)
        heights[shorter] += (int(drawn.group(1)) if drawn else 0) + CHART_FRAME
    return stacks


def _chart(title: str, svg: str) -> str:
    return f"<figure><figcaption>{_esc(title)}</figcaption>{svg}</figure>"


def _topic_totals(profiles: list[dict]) -> tuple[Counter, dict[str, str]]:
    totals: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in profiles:
        totals.update(p["topics"])
        names.update(p["topic_zh"])
    return totals, names


def _topics_chart(profiles: list[dict]) -> str:
    totals, names = _topic_totals(profiles)
    rows = [(names.get(code, code), n, topic_colour(code)) for code, n in totals.most_common()]
    return bars("条目按类别", rows)


def _years_chart(profiles: list[dict], years: list[str]) -> str:
    totals, names = _topic_totals(profiles)
    counts: Counter[tuple[str, str]] = Counter()
    for p in profiles:
        for code, n in p["topics"].items():
            counts[(names.get(code, code), p["year"] or UNKNOWN)] += n
    rows = [(names.get(code, code), topic_colour(code)) for code, _ in totals.most_common()]
    return grid("类别按年度", rows, years, counts)


def _committees_chart(profiles: list[dict]) -> str:
    totals: Counter[str] = Counter()
    for p in profiles:
        totals.update(p["committees"])
    known = [(name, n) for name, n in totals.most_common() if name != UNKNOWN_COMMITTEE]
    rows = [(name, n, "#2f5d8a") for name, n in known]
    if totals[UNKNOWN_COMMITTEE]:
        rows.append((UNKNOWN_COMMITTEE, totals[UNKNOWN_COMMITTEE], "#a3a9b0"))
    return bars("条目按牵头委室", rows)


def _count_chart(title: str, profiles: list[dict], key: str, group: str, colour: str) -> str:
    """Documents by a fact, in the order the labels list it; unknown last."""
    counts = Counter(p[key] for p in profiles)
    order = [code for code in labels()[group] if counts[code]]
    order += sorted(code for code in counts if code not in order and code is not None)
    rows = [(label(group, code), counts[code], colour) for code in order]
    if counts[None]:
        rows.append((UNKNOWN, counts[None], "#a3a9b0"))
    return bars(title, rows)


_COLUMNS = ["文件", "标题", "类型", "年度", "层级", "地区", "条目", "警告", "结果"]
_NUMERIC = {"条目", "警告"}


def _table(documents: list[dict], profiles: dict[str, dict]) -> str:
    head = "".join(
        f'<th{" class=num" if c in _NUMERIC else ""} data-sort="{"num" if c in _NUMERIC else "text"}">{c}</th>'
        for c in _COLUMNS
    )
    rows = "".join(_row(d, profiles.get(d["name"])) for d in documents)
    # the filter matches 協商 to 协商: the traditional forms of the table's characters, for report.js
    forms = json.dumps(traditional_forms(rows), ensure_ascii=False).replace("</", "<\\/")
    return (
        '<section class="docs"><div class="docs-head"><h2>文档</h2>'
        '<input type="search" id="filter" placeholder="筛选：文件名、标题、地区…" autocomplete="off"></div>'
        f'<div class="scroll"><table id="docs"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
        f'<script type="application/json" id="zx-forms">{forms}</script></section>'
    )


def _row(document: dict, p: dict | None) -> str:
    """A document's row: its facts, linked to its review page; a document with no plan (failed, or
    not reached by an interrupted batch) says why in one cell."""
    status = label("statuses", document["status"])
    if p is None:
        reason = f'<span class="{_esc(document["status"])}">{_esc(status)}</span> {_esc(in_chinese(document["error"] or ""))}'
        return (
            f'<tr class="{_esc(document["status"])}"><td>{_esc(document["name"])}</td>'
            f'<td colspan="{len(_COLUMNS) - 1}">{reason}</td></tr>'
        )
    cells = [
        f'<a href="{_esc(quote(p["page"], errors="surrogateescape"))}">{_esc(document["name"])}</a>',
        _esc(p["title"] or "（无标题）"),
        _esc(label("doc_kinds", p["doc_kind"])),
        _esc(p["year"] or ""),
        _esc(label("levels", p["level"], "")),
        _esc(p["region"] or ""),
        str(p["items"]),
        f'<span class="warn">{p["warnings"]}</span>' if p["warnings"] else "0",
        _esc(status),
    ]
    tds = "".join(f"<td{' class=num' if c in _NUMERIC else ''}>{v}</td>" for c, v in zip(_COLUMNS, cells, strict=True))
    return f"<tr>{tds}</tr>"
