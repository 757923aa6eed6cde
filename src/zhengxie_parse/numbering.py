"""Chinese outline markers: which families exist and how a line's leading marker is read.

Matching runs on width-folded text (`（一）` and `(一)` are one form), but labels and titles are
sliced from the original, so output quotes the document as written. Families follow GB/T 9704-2012
(一、 > （一） > 1. > （1）) plus the variants real documents use (decimal 1.1 / 1.1.1, articles 第一条); levels are assigned later by order of
appearance, not from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .chinese import CIRCLED, CN_NUMERAL, cn_to_int, fold
from .pattern_cache import compiled

_CN = f"[{CN_NUMERAL}]{{1,4}}"

# Order matters only where two could match the same text; each pattern says why it looks that way.
FAMILIES: list[tuple[str, regex.Pattern]] = [
    # 第一部分 / 第二章 / 第三篇: the standard's top level in long plans.
    ("part", compiled(rf"第\s*(?P<n>{_CN}|\d{{1,2}})\s*(?:部分|章|篇)\s*[、.:：]?\s*")),
    # 第一条 第12条: articles of rules and of some plans; a space or separator must follow, so that
    # '第一条意见' (the first opinion) in running text is no article.
    ("article", compiled(rf"第\s*(?P<n>{_CN}|\d{{1,3}})\s*条(?:\s*[、.:：]\s*|\s+)")),
    # 一、 一. : the separator is required, so "一是…" (a run-in point) and "十九届" never match.
    # Typing slips ('一,、', '二。', '三，') are read as the marker they meant and flagged corrupt.
    ("cn", compiled(rf"(?P<n>{_CN})\s*(?:(?P<corrupt>[,;。][、.]?|[、.][,;。、.])|[、.])\s*")),
    # （一） (一): a trailing 、 or . after the bracket is a common typo and is swallowed.
    ("cn_paren", compiled(rf"\(\s*(?P<n>{_CN})\s*\)\s*[、.]?\s*")),
    # （1） (1)
    ("arabic_paren", compiled(r"\(\s*(?P<n>\d{1,3})\s*\)\s*[、.]?\s*")),
    # 1.1 / 1.1.1 (decimal outlines): one family per depth, so 1.2.1 nests under 1.2. Not "1.5亿",
    # "2.3万", "3.5%": a Han character that is no unit (or an opening quote) follows.
    (
        "decimal",
        compiled(
            r"(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})(?:\s*、|\.)?\s*(?=[\p{Han}“《(（【])(?![亿万千百倍元个项次米吨亩人户家件所])"
        ),
    ),
    # 1、 1. 1．: not "1.5亿" (a decimal); "1 推动…" (digit and space before a Han character) too,
    # but not "2021 年" (four digits are a year).
    (
        "arabic",
        compiled(r"(?P<n>\d{1,3})\s*(?:(?P<corrupt>[,;。][、.]?(?!\d)|[、.][,;。、.])|[、.](?!\d)|\s+(?=\p{Han}))\s*"),
    ),
    # ① ②
    ("circled", compiled(rf"(?P<n>[{CIRCLED}])\s*")),
]

# The characters a marker of any family opens with, and decimal digits (`\d`): most lines, and most
# places in a paragraph where a run-in heading could start, open with none, and are read no further.
_OPENERS = frozenset(f"第({CN_NUMERAL}{CIRCLED}")

# What follows a marker and shows it was no marker: "1、2月" (a list of months), "1.2万" was caught
# by the decimal rule, "3、5号楼" (a list of numbers).
_FALSE_AFTER = compiled(r"\d+\s*(?:[、,，]\s*\d+\s*)*(?:月|日|号|年|季度|万|亿|个|项|次|届|%)")
# The same in Chinese numerals: "一、二月份" and "一、二季度" are months and quarters, not section 一.
_CN_FALSE_AFTER = compiled(rf"{_CN}(?:\s*[、,，]\s*{_CN})*\s*(?:月|季度|年级)")


@dataclass(frozen=True)
class Marker:
    family: str
    ordinal: int
    label: str  # as written, e.g. "（一）", "1．"
    rest: str  # the line after the marker, as written
    folded_rest: str  # `rest` as it is matched (chinese.fold)
    corrupt: bool = False  # a slip in the separator: '一,、', '二。'
    title: str | None = None  # a title read apart from `rest`, which is then all body (a prose section)


def parse_marker(text: str, folded: str | None = None, start: int = 0, end: int | None = None) -> Marker | None:
    """The outline marker that opens `text` (or the part of it from `start` to `end`), or None.
    `folded` is `text` folded (a Block's `folded`), so that no caller folds the same text twice."""
    folded = fold(text) if folded is None else folded
    end = len(folded) if end is None else min(end, len(folded))
    if start >= end or (folded[start] not in _OPENERS and not folded[start].isdecimal()):
        return None
    for family, pattern in FAMILIES:
        m = pattern.match(folded, start, end)
        if not m or m.end() == end:
            continue  # a bare "一、" with nothing after it is not a heading
        raw = m.group("n")
        if family == "decimal":  # '1.2.1' is the first of depth 3: the family says the depth
            family, raw = f"decimal{raw.count('.') + 1}", raw.rsplit(".", 1)[1]
        ordinal = CIRCLED.index(raw) + 1 if family == "circled" else cn_to_int(raw) if not raw.isdigit() else int(raw)
        if not ordinal:
            continue
        if family in ("arabic", "arabic_paren") and _FALSE_AFTER.match(folded, m.end(), end):
            continue
        if family == "cn" and _CN_FALSE_AFTER.match(folded, m.end(), end):
            continue
        corrupt = bool(m.groupdict().get("corrupt"))
        label, rest = text[start : m.end()].strip(), text[m.end() : end].strip()
        return Marker(family, ordinal, label, rest, folded[m.end() : end].strip(), corrupt)
    return None
