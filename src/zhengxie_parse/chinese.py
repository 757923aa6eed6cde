"""Small facts about written Chinese that several stages need: folding for matching, where a sentence
ends, how wide a line is, and numerals."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .limits import option

# Full-width ASCII forms (！ … ～) and the ideographic space fold to their half-width twins one
# character for one, so offsets in the folded text are offsets in the original.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Runs of them, translated run by run: str.translate looks every character of a Chinese text up one
# by one, three times slower than finding the runs (the stdlib's re: twice as fast as regex at this).
_WIDE_RUN = re.compile("[\uff01-\uff5e\u3000]+")
# Short texts are folded from a memo: stages fold the same titles and names again (a plan's 250
# calls fold 100 distinct texts), and a conversion costs OpenCC's call more than its characters.
_MEMO_MAX = 200


def fold(text: str) -> str:
    """The form `text` is matched in, same length as written: half-width ('（一）１．' → '(一)1.') and
    simplified ('經濟委' → '经济委'; traditional-script plans from Hong Kong, Macao, Taiwan and
    overseas bodies, or converted by a site). Offsets in the folded text are offsets in the original,
    so a match is sliced from the original and output quotes the document as written."""
    return _fold_short(text) if len(text) <= _MEMO_MAX else _fold(text)


def _fold(text: str) -> str:
    half = half_width(text)
    if half.isascii():
        return half
    simple = _to_simplified()(half)
    if len(simple) != len(half):  # a phrase conversion changed the length: convert character by character
        simple = "".join(ch if len(s := _to_simplified()(ch)) != 1 else s for ch in half)
    return simple


_fold_short = lru_cache(maxsize=4096)(_fold)


def half_width(text: str) -> str:
    """`text` with full-width forms as their half-width twins ('（一）１．' → '(一)1.'): the part of `fold`
    that punctuation needs (no character's simplified form is punctuation, nor the other way round)."""
    return _WIDE_RUN.sub(_narrowed, text)


def _narrowed(run: re.Match) -> str:
    return run.group().translate(_WIDTH)


def traditional_forms(text: str) -> dict[str, str]:
    """Each character of `text` that folds to another (traditional → simplified), and the traditional
    form of each simplified one in it ('协' → '協': '協'), so that a page can fold what a person types
    to what it shows without the whole conversion table."""
    import opencc

    to_traditional = opencc.OpenCC("s2t").convert
    forms = {}
    for ch in set(text):
        if ch.isascii():
            continue
        if (simple := fold(ch)) != ch:
            forms[ch] = simple
        if len(old := to_traditional(ch)) == 1 and old != ch:
            forms[old] = fold(ch)
    return dict(sorted(forms.items()))


@cache
def _to_simplified():
    import opencc  # loaded on first use: `zxparse --help` stays light

    return opencc.OpenCC("t2s").convert


# A line ending in one of these (folded forms) is a sentence or a clause, never a title.
SENTENCE_END = "。！？；：，、!?;:,"
# A line ending in one of these is a finished paragraph: a page break did not cut it.
TERMINAL = SENTENCE_END + "…”’」』)）"


def ends_open(text: str) -> bool:
    """Whether `text` stops without terminal punctuation; only its last character is read."""
    last = half_width(text.rstrip()[-1:])
    return not last or last not in TERMINAL


def cut_mid_sentence(text: str) -> bool:
    """A paragraph that a page break cut: long (option `broken_line_min`), and stopping without
    terminal punctuation."""
    return len(text) >= option("broken_line_min") and ends_open(text)


_NAME_SEPARATOR = re.compile(r"[、，,；;/]|\s+|(?<=委|室|组|厅)和")
_TRAILING_DENG = re.compile(r"等+$")


def split_names(value: str) -> list[str]:
    """'文史委、办公室等' → ['文史委', '办公室']: list separators, and a trailing 等 dropped."""
    names = [_TRAILING_DENG.sub("", part.strip(" 。.")) for part in _NAME_SEPARATOR.split(value)]
    return [name for name in names if name]


def display_width(text: str) -> int:
    """`text`'s width in a fixed-width layout: a character East Asian Wide or Fullwidth (Han, full-width
    forms) takes two columns."""
    return len(text) + sum(map(len, _wide().findall(text)))


@cache
def _wide():
    from .pattern_cache import compiled  # on first use: folding and numerals need no regex module

    return compiled(r"[\p{ea=W}\p{ea=F}]+")


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CN_NUMERAL = "〇零一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """'十二' → 12, '二十' → 20, '一百零五' → 105; None when `text` is not a numeral."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_cn(n: int) -> str:
    """12 → '十二', 20 → '二十', 105 → '一百零五': numerals as Word and writers count (1–999)."""
    if n < 0 or n >= 1000:
        return str(n)
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += f"{digits[tens] if tens > 1 or hundreds else ''}十"
    elif hundreds and ones:
        out += "零"
    if ones or not out:
        out += digits[ones]
    return out
