"""PDF (pdfplumber): text lines with page and line numbers, running headers, footers and page
numbers removed, and lines wrapped by the page width joined back into paragraphs.

A PDF has no paragraphs, only lines placed on a page. Two lines are one paragraph when the first
runs to the right margin, or stops without closing punctuation and fills most of the width (Word
breaks before a character that may not start a line, leaving a line a little short) — and the
second neither starts with an outline marker nor is indented (a first-line indent starts a
paragraph in official documents). A heading is short, so it never joins the line after it.
"""

from __future__ import annotations

import io
import logging
import statistics
import zlib
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ..blocks import Block, append_block
from ..chinese import ends_open, fold
from ..errors import UnreadableInput
from ..i18n import _
from ..lexicon import Lexicon
from ..limits import limit, over
from ..numbering import parse_marker
from ..pattern_cache import compiled

EDGE_LINES = 2  # running headers and footers are among the first and last two lines of a page
MARGIN_CHARS = 1.5  # a line ending within this many characters of the right margin is full
INDENT_CHARS = 1  # a line starting this many characters right of the left margin is indented
FULL_SHARE = 0.8  # an open-ended line this wide was cut by the width, not by the writer
_DIGITS = compiled(r"\d+")


@dataclass
class Line:
    text: str
    page: int
    line: int  # 1-based on the page, counted from the top
    x0: float
    x1: float
    top: float
    size: float

    @property
    def running_key(self) -> tuple[str, int]:
        """Text with numbers masked, and height on the page: a running header is the same line
        in the same place ('第3页' on page 3); the title under a header that repeats it is not."""
        return _DIGITS.sub("#", self.text), round(self.top)


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:
    pages = _pages(data, path)
    lines = _drop_running_lines(pages, lex)
    if not lines:
        raise UnreadableInput(path, "PDF has no text layer (a scanned image?); run OCR on it first")
    out: list[Block] = []
    for paragraph in _paragraphs(lines, lex):
        first = paragraph[0]
        append_block(
            out,
            "".join(line.text for line in paragraph),
            page=first.page,
            line=first.line,
        )
    return out, None


def _pages(data: bytes, path: Path) -> list[list[Line]]:
    # pdfminer logs warnings ("Data-loss while decompressing") for damaged streams it gets past;
    # what matters reaches the user as one error line, so its chatter is kept off stderr.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_pages(pdf, path)
            return [_page_lines(_checked(page, path), n) for n, page in enumerate(pdf.pages, start=1)]
    except UnreadableInput:
        raise
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise UnreadableInput(path, "encrypted PDF: it needs a password; save an unprotected copy") from None
        detail = f"{type(cause).__name__}: {str(cause)[:60]}"
        raise UnreadableInput(path, _("corrupt PDF ({detail})").format(detail=detail)) from None
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many unrelated types on damaged files
        raise UnreadableInput(path, _("corrupt PDF ({detail})").format(detail=type(exc).__name__)) from None


def _check_pages(pdf, path: Path) -> None:
    """A PDF of more pages than `pdf_pages` is refused from the count its page tree declares, before
    pdfplumber makes an object of every page (20,000 pages: 1.9 GB)."""
    from pdfminer.pdftypes import resolve1

    declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count", 0)
    if isinstance(declared, int) and declared > limit("pdf_pages"):
        raise over(path, "pdf_pages", _("the PDF has {pages} pages").format(pages=f"{declared:,}"))


def _checked(page, path: Path):
    """`page`, once its compressed content streams are known to inflate to at most `pdf_stream_bytes`
    together: found by inflating them that far and no further (a 100 KB stream can inflate to GBs,
    which pdfminer would hold and interpret for minutes)."""
    from pdfminer.pdftypes import resolve1

    room = int(limit("pdf_stream_bytes"))
    contents = resolve1(page.page_obj.attrs.get("Contents"))
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(stream)
        filters = resolve1(getattr(stream, "attrs", {}).get("Filter"))
        first = resolve1(filters[0]) if isinstance(filters, list) and filters else filters
        if getattr(first, "name", None) != "FlateDecode" or not getattr(stream, "rawdata", None):
            continue  # a stream stored plain is read as it is; other filters are rare in text
        room -= len(zlib.decompressobj().decompress(stream.rawdata, room + 1))
        if room < 0:
            raise over(
                path,
                "pdf_stream_bytes",
                _("page {page}'s content streams inflate past it").format(page=page.page_number),
            )
    return page


# pdfplumber reads a gap between glyphs as a space. Digits and Latin letters set in a Western font
# beside Chinese in an East Asian one leave such gaps ('2023 年', '（2 项）', '10 月'), which the
# document never had: a space between a Chinese character and a digit or letter is dropped.
_FONT_GAP = compiled(
    r"(?<=[\p{Han}\p{Ps}\p{Pe}，。：；、！？])\s+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])\s+(?=[\p{Han}，。：；、！？（）])"
)


def _page_lines(page, number: int) -> list[Line]:
    lines = []
    for n, raw in enumerate(page.extract_text_lines(return_chars=False), start=1):
        text = _FONT_GAP.sub("", raw["text"].strip())
        if text:
            lines.append(
                Line(
                    text,
                    number,
                    n,
                    raw["x0"],
                    raw["x1"],
                    raw["top"],
                    raw["bottom"] - raw["top"],
                )
            )
    return lines


def _drop_running_lines(pages: list[list[Line]], lex: Lexicon) -> list[Line]:
    """All lines but page numbers and the running header and footer: a line at a page's edge that
    is a page number ('— 3 —', '第3页') or repeats, numbers aside, at the edge of most pages."""
    edges = [page[:EDGE_LINES] + page[-EDGE_LINES:] for page in pages]
    seen: dict[tuple[str, int], int] = {}
    for edge in edges:
        for key in {line.running_key for line in edge}:
            seen[key] = seen.get(key, 0) + 1
    repeated = {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    kept = []
    for page, edge in zip(pages, edges, strict=True):
        running = {
            id(line) for line in edge if line.running_key in repeated or lex.noise_line_re.fullmatch(fold(line.text))
        }
        if _repeats_opening(page):
            running.add(id(page[0]))
        kept.extend(line for line in page if id(line) not in running)
    return kept


# A header this short may be a heading's own first characters by chance.
_HEADER_MIN = 4
_SPACES = compiled(r"\s+")


def _repeats_opening(page: list[Line]) -> bool:
    """A running header that repeats the document's opening, cut to the header's width, above that
    opening ('县政协2022年工作总结' over '县政协2022年工作总结报告…'): on a one-page document it repeats
    nowhere else, so only this tells it from the text."""
    if len(page) < 2:
        return False
    header, first = (_SPACES.sub("", fold(line.text)) for line in page[:2])
    return len(header) >= _HEADER_MIN and first.startswith(header)


def _paragraphs(lines: list[Line], lex: Lexicon) -> list[list[Line]]:
    size = statistics.median(line.size for line in lines)
    left = statistics.mode(round(line.x0) for line in lines)  # where most lines start: the margin
    right = statistics.quantiles([line.x1 for line in lines], n=10)[-1] if len(lines) > 1 else lines[0].x1
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1][-1], line, left, right, size, lex):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _continues(prev: Line, line: Line, left: float, right: float, size: float, lex: Lexicon) -> bool:
    """Whether `line` goes on with the paragraph `prev` ends. Never a line that opens with a marker or
    a field label ('时间安排：9月' under a title that filled its line), or is indented."""
    if parse_marker(line.text) or lex.field_label_re.match(fold(line.text)) or line.x0 > left + INDENT_CHARS * size:
        return False
    full = prev.x1 >= right - MARGIN_CHARS * size
    nearly_full = ends_open(prev.text) and prev.x1 - left >= FULL_SHARE * (right - left)
    return full or nearly_full
