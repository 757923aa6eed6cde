"""Plans compared: what is new in this year's plan, what was dropped, what continued, and what changed
in a topic that continued (its type, committee, leader or months) — the first question researchers ask
of a panel of plans, and the one an office asks when it drafts next year's plan from last year's.

Topics are matched first by their stable key (`Item.key`: the same item in a revised plan), then by
title similarity (rapidfuzz's `ratio` on the folded title without punctuation or years, one to one, best
pairs first); a pair under the threshold is no match. Two plans, or over a batch output each body's
plans year over year (`--by organization`), or two batch outputs matched by body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .chinese import fold
from .html_page import label
from .models import Item, Plan

THRESHOLD = 80.0  # the least title similarity (0–100) for two topics to be one topic continued
CHANGES = ("topic_type", "committees", "leaders", "months")  # what a continued topic may change
KINDS = ("added", "dropped", "continued")


@dataclass
class Topic:
    """One topic of the comparison: in the new plan only (added), the old only (dropped), or both."""

    kind: str  # added | dropped | continued
    old: Item | None
    new: Item | None
    score: float | None = None  # title similarity of a continued topic (100 when its key matched)
    changed: list[str] = field(default_factory=list)  # of CHANGES


@dataclass
class Comparison:
    old: Plan
    new: Plan
    topics: list[Topic]

    def count(self, what: str) -> int:
        """Topics of a kind (added, dropped, continued) or continued ones with a change (topic_type…)."""
        if what in KINDS:
            return sum(t.kind == what for t in self.topics)
        return sum(what in t.changed for t in self.topics)


def compare(old: Plan, new: Plan, threshold: float | None = THRESHOLD) -> Comparison:
    """The topics of `old` and `new`, matched by key, then (unless `threshold` is None) by title."""
    pairs = _by_key(old.items, new.items)
    left = [i for i in range(len(old.items)) if i not in pairs]
    right = sorted(set(range(len(new.items))) - set(pairs.values()))
    scores = {i: 100.0 for i in pairs}
    if threshold is not None and left and right:
        for i, j, score in _by_title([old.items[i] for i in left], [new.items[j] for j in right], threshold):
            pairs[left[i]], scores[left[i]] = right[j], score
    topics = []
    matched_new = {j: i for i, j in pairs.items()}
    for j, item in enumerate(new.items):
        if j in matched_new:
            before = old.items[matched_new[j]]
            topics.append(Topic("continued", before, item, round(scores[matched_new[j]], 1), _changes(before, item)))
        else:
            topics.append(Topic("added", None, item))
    topics += [Topic("dropped", item, None) for i, item in enumerate(old.items) if i not in pairs]
    return Comparison(old, new, topics)


def _by_key(old: list[Item], new: list[Item]) -> dict[int, int]:
    """Old index → new index of the items whose stable keys are equal."""
    places = {item.key: j for j, item in enumerate(new) if item.key}
    return {i: places[item.key] for i, item in enumerate(old) if item.key in places}


def _by_title(old: list[Item], new: list[Item], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (old, new, score) of titles at least `threshold` alike, the best taken first."""
    from rapidfuzz import fuzz

    before, after = [_plain(i.title) for i in old], [_plain(i.title) for i in new]
    scores = (
        (fuzz.ratio(a, b, score_cutoff=threshold), i, j) for i, a in enumerate(before) for j, b in enumerate(after)
    )
    candidates = sorted(((score, i, j) for score, i, j in scores if score), key=lambda c: (-c[0], c[1], c[2]))
    taken_old, taken_new, pairs = set(), set(), []
    for score, i, j in candidates:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i), taken_new.add(j)
            pairs.append((i, j, score))
    return pairs


_NOT_TITLE = re.compile(r"\d{4}年(度)?|\W+")  # a year in a title ('2023年') and punctuation say nothing of the topic


def _plain(title: str) -> str:
    return _NOT_TITLE.sub("", fold(title))


def _changes(old: Item, new: Item) -> list[str]:
    return [what for what in CHANGES if _value(old, what) != _value(new, what)]


def _value(item: Item, what: str) -> list[str] | str:
    """What is compared of an item: its type code; committee families (a name where there is none),
    leaders and months as sets."""
    if what == "topic_type":
        return item.topic_type
    if what == "committees":
        return sorted({c.canonical or c.name for c in item.committees})
    if what == "leaders":
        return sorted(set(item.leaders))
    return sorted(set(item.time.months)) if item.time else []


def _shown(item: Item | None, what: str) -> str:
    """A compared value as a person reads it: the type's label, names as written, months as 3、4月."""
    if item is None:
        return ""
    if what == "topic_type":
        return item.topic_type_zh
    if what == "committees":
        return "、".join(c.name for c in item.committees)
    if what == "leaders":
        return "、".join(item.leaders)
    months = sorted(set(item.time.months)) if item.time else []
    return "、".join(map(str, months)) + "月" if months else ""


# Pairs of plans over batch outputs


def by_organization(plans: list[Plan]) -> list[tuple[Plan, Plan]]:
    """Each body's plans in order of year, as pairs of one year and the next it has a plan for; plans
    with no body or no year are not placed."""
    bodies: dict[str, list[Plan]] = {}
    for plan in plans:
        if plan.meta.organization and plan.meta.year is not None:
            bodies.setdefault(plan.meta.organization, []).append(plan)
    pairs = []
    for organization in sorted(bodies):
        ordered = sorted(bodies[organization], key=lambda p: (p.meta.year, p.source.path))
        pairs += list(pairwise(ordered))
    return pairs


def matched(old: list[Plan], new: list[Plan]) -> list[tuple[Plan, Plan]]:
    """Two batch outputs matched by body: each body's latest plan in `old` with its latest in `new`."""

    def latest(plans: list[Plan]) -> dict[str, Plan]:
        out: dict[str, Plan] = {}
        for plan in sorted(plans, key=lambda p: (p.meta.year or 0, p.source.path)):
            if plan.meta.organization:
                out[plan.meta.organization] = plan
        return out

    before, after = latest(old), latest(new)
    return [(before[body], after[body]) for body in sorted(before.keys() & after.keys())]


# What is shown


def kind_zh(kind: str) -> str:
    return label("diff", kind)


def to_data(comparisons: list[Comparison], threshold: float) -> dict:
    """The comparisons for scripts (`--json`): each plan named, counts, and every topic with its match."""
    return {
        "threshold": threshold,
        "comparisons": [
            {
                "old": _plan_data(c.old),
                "new": _plan_data(c.new),
                "counts": {what: c.count(what) for what in (*KINDS, *CHANGES)},
                "topics": [_topic_data(t) for t in c.topics],
            }
            for c in comparisons
        ],
    }


def _plan_data(plan: Plan) -> dict:
    meta = plan.meta
    return {"file": plan.source.path, "organization": meta.organization, "year": meta.year, "title": meta.title}


def _topic_data(topic: Topic) -> dict:
    def item(it: Item | None) -> dict | None:
        if it is None:
            return None
        return {"key": it.key, "title": it.title, **{what: _value(it, what) for what in CHANGES}}

    return {
        "kind": topic.kind,
        "kind_zh": kind_zh(topic.kind),
        "score": topic.score,
        "changed": topic.changed,
        "old": item(topic.old),
        "new": item(topic.new),
    }


def load(path: Path, lex) -> list[Plan]:
    """The plans at `path`: every saved plan under a folder (a batch output), the plans of a plan
    file, or a document parsed."""
    from .saved_plans import PLAN_SUFFIXES, load_plans, plan_files

    if path.is_dir():
        return [plan for file in plan_files([path]) for plan in load_plans(file)]
    if path.suffix.lower() in PLAN_SUFFIXES:
        return load_plans(path)
    from .pipeline import parse_file

    return [parse_file(path, lex)]


def plan_name(plan: Plan) -> str:
    """A plan as a table's heading names it: its body and year, else its title, else its file."""
    meta = plan.meta
    if meta.organization and meta.year:
        return f"{meta.organization} {meta.year}年"
    return meta.title or plan.source.path


# Columns of the detail table (one comparison) and the summary table (several), in Chinese
DETAIL = ("变化", "原议题", "新议题", "相似度", "变更")
SUMMARY = ("机构", "原计划", "新计划", *(label("diff", k) for k in (*KINDS, *CHANGES)))


def detail_rows(comparison: Comparison) -> list[list[str]]:
    """A row per topic: its kind, old and new title, the score, and each change as 'was → is'."""
    rows = []
    for t in comparison.topics:
        changes = "；".join(
            f"{label('diff', what)}：{_shown(t.old, what) or '无'} → {_shown(t.new, what) or '无'}"
            for what in t.changed
        )
        score = "" if t.score is None else f"{t.score:.0f}"
        rows.append([kind_zh(t.kind), t.old.title if t.old else "", t.new.title if t.new else "", score, changes])
    return rows


def summary_rows(comparisons: list[Comparison]) -> list[list[str]]:
    """A row per pair of plans: the body, the two plans, and the count of each kind of change."""
    return [
        [
            c.new.meta.organization or "",
            _year_or_name(c.old),
            _year_or_name(c.new),
            *(str(c.count(what)) for what in (*KINDS, *CHANGES)),
        ]
        for c in comparisons
    ]


def _year_or_name(plan: Plan) -> str:
    return f"{plan.meta.year}年" if plan.meta.year else Path(plan.source.path).name


def html_page(comparisons: list[Comparison], threshold: float) -> str:
    """The comparison as a page in the corpus report's style: counts as cards, then the table."""
    from html import escape

    from .html_page import shell

    one = len(comparisons) == 1
    head, rows = (DETAIL, detail_rows(comparisons[0])) if one else (SUMMARY, summary_rows(comparisons))
    title = f"{plan_name(comparisons[0].old)} → {plan_name(comparisons[0].new)}" if one else "逐年对比"
    totals = {what: sum(c.count(what) for c in comparisons) for what in (*KINDS, *CHANGES)}
    cards = "".join(
        f'<div class="card"><b>{n}</b><span>{escape(label("diff", w))}</span></div>' for w, n in totals.items()
    )
    header = "".join(f'<th data-sort="text">{escape(h)}</th>' for h in head)
    # a dropped topic is marked as a failed document is in the report
    marks = ["failed" if t.kind == "dropped" else "" for t in comparisons[0].topics] if one else [""] * len(rows)
    body = "".join(
        f'<tr class="{mark}">' + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
        for mark, row in zip(marks, rows, strict=True)
    )
    return shell(
        f"议题对比 · {title} · zxparse",
        f'<header class="top"><div><h1>议题对比</h1><p class="sub">{escape(title)} · 相似度阈值 {threshold:g}</p></div>'
        f'<div class="cards">{cards}</div></header>'
        f'<section class="docs"><div class="docs-head"><h2>{"议题" if one else "机构"}</h2>'
        '<input type="search" id="filter" placeholder="筛选：议题、机构…" autocomplete="off"></div>'
        f'<table id="docs" class="diff"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></section>',
        "report.css",
        "report.js",
    )


def print_tables(comparisons: list[Comparison], threshold: float) -> None:
    """The comparison on standard output as a person reads it: one plan against another topic by
    topic, several pairs a row each; document text escaped and never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .safe_text import printable

    console = Console()
    one = len(comparisons) == 1
    title = f"{plan_name(comparisons[0].old)} → {plan_name(comparisons[0].new)}" if one else "逐年对比"
    totals = "　".join(f"{label('diff', w)} {sum(c.count(w) for c in comparisons)}" for w in (*KINDS, *CHANGES))
    console.print(Text(printable(f"{title}（相似度阈值 {threshold:g}）")))
    console.print(Text(totals))
    table = Table(show_lines=one)
    for column in DETAIL if one else SUMMARY:
        numeric = column == "相似度" or not one and column in _COUNTS
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in detail_rows(comparisons[0]) if one else summary_rows(comparisons):
        table.add_row(*(Text(printable(value)) for value in row))
    console.print(table)


_COUNTS = set(SUMMARY[3:])
