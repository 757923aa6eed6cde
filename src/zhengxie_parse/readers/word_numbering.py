"""Word's automatic numbering, rendered into the label a reader sees.

In real plans the `一、` or `（一）` of a heading is often not in the text at all: Word draws it from
numbering.xml. A paragraph names a list instance (`w:numPr/w:numId`, directly or through its
style) and a level (`w:ilvl`); the instance points at an abstract definition whose level gives
the start value, the number format (`chineseCounting` → 一) and the label pattern (`（%2）`).
Counters run on through the document, deeper levels restart when a higher one advances, and an
instance with a `startOverride` (Word's "restart at 1") counts on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml.etree import _Element as Element

from ..chinese import CIRCLED, int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"))
_ROMAN += ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""  # the label pattern, '%1、'
    suffix: str = "tab"  # what Word puts between label and text: tab, space or nothing
    legal: bool = False  # w:isLgl: every %n in decimal


def format_number(n: int, fmt: str) -> str:
    """`n` in one of Word's number formats (ST_NumberFormat); unknown formats fall back to decimal."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "japaneseCounting",
    ):
        return int_to_cn(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return int_to_cn(n).translate(str.maketrans("一二三四五六七八九十百零", "壹贰叁肆伍陆柒捌玖拾佰零"))
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt in (
        "decimalEnclosedCircle",
        "decimalEnclosedCircleChinese",
    ) and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH_DIGITS)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        roman = ""
        for value, symbol in _ROMAN:
            count, n = divmod(n, value)
            roman += symbol * count
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(n)


def _val(element, tag: str, default: str | None = None) -> str | None:
    child = element.find(f"{_W}{tag}") if element is not None else None
    return child.get(f"{_W}val", default) if child is not None else default


def _level(lvl, base: Level = Level()) -> Level:
    """A `w:lvl`, each absent property taken from `base` (for level overrides)."""
    start = _val(lvl, "start")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else base.start,
        fmt=_val(lvl, "numFmt") or base.fmt,
        text=_val(lvl, "lvlText", base.text),
        suffix=_val(lvl, "suff") or base.suffix,
        legal=lvl.find(f"{_W}isLgl") is not None or base.legal,
    )


@dataclass
class _Instance:
    """A `w:num`: its abstract definition's levels with overrides applied, and its counter key."""

    levels: dict[int, Level]
    key: str
    restarts: dict[int, int]  # level → startOverride, applied once at first use


class WordNumbering:
    """Renders the label of each numbered paragraph, in document order (labels depend on the
    paragraphs before, so call `label` once per paragraph, in order)."""

    def __init__(self, numbering_xml: Callable[[], Element | None], styles_xml: Callable[[], Element | None]):
        """`numbering_xml` and `styles_xml` give the parts' root elements (None for a part the document
        lacks), each called once, when a paragraph first needs it: a styles part is often hundreds of
        KB of styles no paragraph numbers through."""
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numpr: dict[str, tuple[str | None, str | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._numbering_xml: Callable[[], Element | None] | None = numbering_xml
        self._styles_xml: Callable[[], Element | None] | None = styles_xml

    def _numbering(self) -> dict[str, _Instance]:
        if self._numbering_xml is not None:
            root, self._numbering_xml = self._numbering_xml(), None
            if root is not None:
                self._load_numbering(root)
        return self._instances

    def _styles(self) -> dict[str, tuple[str | None, str | None]]:
        if self._styles_xml is not None:
            root, self._styles_xml = self._styles_xml(), None
            if root is not None:
                self._load_styles(root)
        return self._style_numpr

    def _load_numbering(self, root) -> None:
        abstracts = {
            a.get(f"{_W}abstractNumId"): {int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in a.iter(f"{_W}lvl")}
            for a in root.iter(f"{_W}abstractNum")
        }
        for num in root.iter(f"{_W}num"):
            abstract_id = _val(num, "abstractNumId")
            levels = dict(abstracts.get(abstract_id, {}))
            restarts: dict[int, int] = {}
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    restarts[ilvl] = int(start)
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl, levels.get(ilvl, Level()))
                    restarts.setdefault(ilvl, levels[ilvl].start)
            num_id = num.get(f"{_W}numId")
            # Instances of one abstract list count together, unless one restarts (its own counters).
            key = f"num:{num_id}" if restarts else f"abstract:{abstract_id}"
            self._instances[num_id] = _Instance(levels, key, restarts)

    def _load_styles(self, root) -> None:
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                self._style_numpr[style_id] = (
                    _val(numpr, "numId"),
                    _val(numpr, "ilvl"),
                )
            parent = _val(style, "basedOn")
            if parent:
                self._style_parent[style_id] = parent

    def _numpr(self, p) -> tuple[str | None, int]:
        """The list instance and level of paragraph element `p`: its own numPr over its style's."""
        num_id = ilvl = None
        ppr = p.find(f"{_W}pPr")
        if ppr is None:  # no numbering and no style of its own (most paragraphs of some writers)
            return None, 0
        numpr = ppr.find(f"{_W}numPr")
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style, seen = _val(ppr, "pStyle"), set()
        while style and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            style_num, style_lvl = self._styles().get(style, (None, None))
            num_id, ilvl = num_id or style_num, ilvl or style_lvl
            style = self._style_parent.get(style)
        return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0

    def label(self, p) -> str:
        """The label Word draws before paragraph element `p` ('' when it is not numbered), with the
        separator Word puts after it (a space for a tab or space, nothing for 'nothing')."""
        num_id, ilvl = self._numpr(p)
        instance = self._numbering().get(num_id) if num_id else None
        if instance is None or ilvl not in instance.levels:
            return ""  # numId 0 means "numbering removed"; unknown ids are ignored as Word does
        counters = self._counters.setdefault(instance.key, {})
        if ilvl in instance.restarts:
            counters[ilvl] = instance.restarts.pop(ilvl) - 1
        level = instance.levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                at = instance.levels.get(k, Level())
                n = counters.get(k, at.start)
                text = text.replace(f"%{k + 1}", format_number(n, "decimal" if level.legal else at.fmt))
        return text + ("" if level.suffix == "nothing" else " ")
