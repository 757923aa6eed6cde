"""HTML: the main text of a government web page, one block per rendered line.

Government sites put the document in one container (`TRS_Editor`, `#zoom`, `.article-content`)
among navigation, breadcrumbs, a tool bar (打印/关闭/字号), related-news lists and a footer. Class
names differ from site to site, so the container is found by where the text is: from <body>, go
down into the child that holds most of the text that is not link text, and stop where the text
spreads over several children (the paragraphs). The document title often sits just outside the
container (`<h1 class="title">`), so the last heading before it is read too.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import regex
from lxml.etree import ParserError

from ..blocks import Block, append_block
from ..errors import UnreadableInput
from ..i18n import _
from ..lexicon import Lexicon
from ..limits import limit, over
from ..pattern_cache import compiled
from .tables import Row, add_table
from .text import decode

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", regex.IGNORECASE)
# GB2312 and GBK pages routinely use characters only GB18030 (their superset) names.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_XML_DECLARATION = compiled(r"^\s*<\?xml[^>]*\?>")
_SPACE = compiled(r"\s+")

_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "select", "button", "textarea", "head")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
_BLOCK_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "center", "form", "fieldset", "address", "hr", "body"}
_HEADINGS = ("h1", "h2", "h3")
CONTAINER_SHARE = 0.75  # a child holding this share of its parent's text is where the text is
TITLE_LEN = (4, 80)  # a page title is a line, not a paragraph


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], str]:

    text, encoding = _decode(data, path)
    _check_attributes(text, path)
    # huge_tree: libxml2 keeps elements nested up to 2048 deep, not 256 — past its limit it drops
    # the text silently, so reaching it is an error (real pages built by nesting tables and divs
    # run a few hundred deep)
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (ParserError, ValueError) as exc:
        raise UnreadableInput(path, _("not a readable HTML page ({why})").format(why=exc)) from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            raise UnreadableInput(
                path, _("HTML nested too deeply to read ({why})").format(why=error.message.split(",")[0])
            )
    _check_text_nodes(root, path)
    for element in root.xpath("|".join(f"//{tag}" for tag in _DROPPED)):
        element.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    container = _container(body)
    out = _Lines(lex)
    title = _title_before(root, container)
    if title is not None:
        out.add(title.text_content(), title.sourceline)
        out.newline()
    out.walk(container)
    out.newline()
    if not out.blocks:
        raise UnreadableInput(path, "HTML page has no text")
    return out.blocks, encoding


_TAG = compiled(r"<[A-Za-z][^<>]*>")


def _check_attributes(text: str, path: Path) -> None:
    """A tag with more attributes than `html_element_attributes` (its '=' signs: an upper bound) is
    refused before libxml2 parses it: libxml2 compares each attribute with the others before it, so
    200,000 on one element would hold the parse, in C, for minutes."""
    most = max((tag.count("=") for tag in _TAG.findall(text)), default=0)
    if most > limit("html_element_attributes"):
        raise over(
            path, "html_element_attributes", _("an element with up to {most} attributes").format(most=f"{most:,}")
        )


def _check_text_nodes(root, path: Path) -> None:
    """A text node longer than `html_text_chars` is refused before the page is walked: it would be
    one line for the cleaner."""
    longest = max((len(text) for element in root.iter() for text in (element.text, element.tail) if text), default=0)
    if longest > limit("html_text_chars"):
        raise over(path, "html_text_chars", _("a text node of {longest} characters").format(longest=f"{longest:,}"))


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The page's text: UTF-8 when the bytes are UTF-8 (pages converted to UTF-8 keep their old
    'gb2312' declaration; other bytes are almost never valid UTF-8), else the declared charset when
    it decodes, else detected."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        encoding = _SUPERSETS.get(declared, declared)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: detect instead
    return decode(data, path)


def _text_sizes(body) -> dict:
    """element → length of the text inside it that is not link text, for every element under
    `body`; children before their parents (reversed document order), without recursion, as pages
    nest deeper than Python's stack."""
    sizes: dict = {}
    for element in reversed(list(body.iter())):
        if not isinstance(element.tag, str) or element.tag == "a":
            sizes[element] = 0
            continue
        sizes[element] = len((element.text or "").strip()) + sum(
            sizes[child] + len((child.tail or "").strip()) for child in element
        )
    return sizes


def _container(body):
    sizes = _text_sizes(body)
    node = body
    while True:
        size, best = max(((sizes[c], c) for c in node if isinstance(c.tag, str)), key=lambda p: p[0], default=(0, None))
        if best is None or sizes[node] == 0 or size < CONTAINER_SHARE * sizes[node]:
            return node
        node = best


def _title_before(root, container):
    """The last heading (h1–h3, or an element whose class says title) before the container."""
    found = None
    for element in root.iter():
        if element is container:
            return found
        if not isinstance(element.tag, str):
            continue
        is_heading = element.tag in _HEADINGS or "title" in (element.get("class") or "").lower()
        text = _SPACE.sub("", element.text_content())
        if is_heading and TITLE_LEN[0] <= len(text) <= TITLE_LEN[1] and element.find(".//a") is None:
            found = element
    return None


class _Lines:
    """Rendered lines of an element tree: block tags and <br> end a line; tables go through the
    table reader. Each line records the source line where its text starts."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.blocks: list[Block] = []
        self.tables = 0
        self._pieces: list[str] = []
        self._line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        """Add `text`, which starts on source line `line` (its leading newlines move it down)."""
        if text and text.strip():
            if not self._pieces:
                self._line = line + text[: len(text) - len(text.lstrip())].count("\n") if line else None
            self._pieces.append(_SPACE.sub(" ", text))
        elif text and self._pieces:
            self._pieces.append(" ")

    def newline(self) -> None:
        append_block(self.blocks, "".join(self._pieces), line=self._line)
        self._pieces, self._line = [], None

    def walk(self, root) -> None:
        """Render `root`'s subtree in document order; iterative (a stack of steps), as pages nest
        deeper than Python's stack."""
        steps: list[tuple[str, object]] = [("enter", root)]
        while steps:
            step, element = steps.pop()
            if step == "tail":
                self.add(element.tail, element.sourceline)  # exact after <br> and one-line elements
            elif step == "exit":
                self.newline()
            else:
                steps += reversed(self._enter(element))

    def _enter(self, element) -> list[tuple[str, object]]:
        """Render what opens `element`; the steps that follow it: each child and its tail, then the end."""
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:
            return []  # a comment or processing instruction; its tail is read by the parent
        if tag == "table":
            self.newline()
            self.tables += 1
            add_table(self.blocks, _rows(element, self.tables), self.lex)
            return []
        if tag == "br" or tag in _BLOCK_TAGS:
            self.newline()
        self.add(element.text, element.sourceline)
        steps = [step for child in element for step in (("enter", child), ("tail", child))]
        return steps + [("exit", element)] if tag in _BLOCK_TAGS else steps


def _rows(table, number: int) -> list[Row]:
    """Cell texts row by row, a cell spanning columns or rows repeated in each (as Word does)."""
    grid: dict[tuple[int, int], str] = {}
    rows: list[Row] = []
    for r, tr in enumerate(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            text = cell.text_content()  # the table reader normalises whitespace
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid[(r + dr, c + dc)] = text
            c += _span(cell, "colspan")
        width = max((col for row, col in grid if row == r), default=-1) + 1
        rows.append(
            ([grid.get((r, col), "") for col in range(width)], {"table": number, "row": r + 1, "line": tr.sourceline})
        )
    return rows


def _span(cell, attribute: str) -> int:
    value = cell.get(attribute, "1").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1
