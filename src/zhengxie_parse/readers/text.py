"""Plain text: bytes → str with the encoding detected, then one block per line.

Real government .txt files come as UTF-8 (with or without BOM), GB18030/GBK and UTF-16, so the
encoding is detected rather than assumed, and junk that merely decodes is refused.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from ..blocks import Block, append_block
from ..errors import UnreadableInput
from ..lexicon import Lexicon
from ..pattern_cache import compiled_re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of characters that must be ordinary text (not C0 controls, private use or U+FFFD) for a
# decoding to count: GB18030 decodes almost any byte string, so decoding alone proves nothing.
_MIN_TEXT_SHARE = 0.97


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Text and encoding name of `data`; UnreadableInput when it is empty or not text."""
    if not data.strip():
        raise UnreadableInput(path, "empty file")
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            if not text.strip():
                raise UnreadableInput(path, "empty file (only whitespace)")
            return text, encoding
    raise UnreadableInput(path, "not a text file (binary data or an unknown encoding)")


def _candidates(data: bytes) -> Iterator[str]:
    """Encodings to try, most likely first; charset detection runs only when UTF-8 and GB18030
    have both failed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            yield encoding
            return
    if 0 in data:
        # Text has no NUL bytes except in UTF-16: ASCII's high byte, and a Han character's low one
        # (一 is U+4E00). Which byte order, if either, is told by what the text then reads as.
        yield from _utf16_orders(data)
        return
    yield from ("utf-8", "gb18030")
    from charset_normalizer import from_bytes  # only for files that are neither UTF-8 nor GB18030

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        yield best.encoding


# What a plan is written in: ASCII, CJK punctuation, Han characters, full-width forms.
_PLAN_TEXT = compiled_re("[\t\n\r\f\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_MIN_PLAN_SHARE = 0.9  # of a sample read as UTF-16: bytes that are not UTF-16 read as scattered code points


def _utf16_orders(data: bytes) -> list[str]:
    """The byte orders of UTF-16 (no BOM) under which `data` reads as a plan's text, best first;
    none for binary data."""
    sample = data[: 20_000 & ~1]
    shares = {}
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        shares[encoding] = len(_PLAN_TEXT.findall(text)) / max(1, len(text))
    return sorted((e for e, share in shares.items() if share >= _MIN_PLAN_SHARE), key=shares.get, reverse=True)


# Not ordinary text: C0 controls other than tab, line feed, form feed and carriage return; U+FFFD;
# the private use area.
_NOT_TEXT = compiled_re("[\x00-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    return len(_NOT_TEXT.findall(sample)) <= len(sample) * (1 - _MIN_TEXT_SHARE)


def text_blocks(text: str) -> list[Block]:
    """One block per non-blank line (numbered as an editor numbers them); a form feed starts a page."""
    blocks: list[Block] = []
    paged = "\f" in text
    page = 1
    for line_no, line in enumerate(text.split("\n"), start=1):
        for n, piece in enumerate(line.split("\f")):
            page += n > 0
            append_block(blocks, piece, line=line_no, page=page if paged else None)
    return blocks


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], str]:
    text, encoding = decode(data, path)
    return text_blocks(text), encoding
