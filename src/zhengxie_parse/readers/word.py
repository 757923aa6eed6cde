"""Word .docx: paragraphs and tables in body order, automatic numbering rendered as its label.

The package is read with zipfile and lxml: the main document part, and the numbering and styles
parts it refers to, found through the package's relationships as Word finds them. (python-docx
builds an object for every part and element of the package, which costs as much as the whole
parse of a plan; the reader needs three parts' XML.) Headers and footers are not read (they repeat
on every page and are not the plan). A paragraph with soft line breaks gives one block per line;
every block records its 1-based paragraph number, and table rows their table and row numbers (a
merged cell is repeated in every grid column and every row it spans, which is what the table
reader expects).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from lxml import etree

from ..blocks import Block, append_block
from ..errors import UnreadableInput
from ..i18n import _
from ..lexicon import Lexicon
from ..limits import limit, over
from .tables import Row, add_table
from .word_numbering import WordNumbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Subtrees whose text a reader of the final document does not see: tracked deletions and moves
# away, the fallback copy of a drawing (Word stores text boxes twice), and text boxes themselves
# (a red-letter header '政协××委员会文件' floats in one).
_UNSEEN = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}
_UNSEEN.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")


# What a .docx may unpack to. Real plans' document.xml are a few MB; a zip bomb (a 4 MB file whose
# document.xml unpacks to 1 GB) is refused from the sizes the archive declares, before anything is
# unpacked — Python's zipfile never unpacks more than a member declares.
MAX_PART_BYTES = int(limit("docx_part_bytes"))
MAX_UNPACKED_BYTES = int(limit("docx_unpacked_bytes"))


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_unpacked_size(archive, path)
            document, numbering = _parts(archive, data)
        body = list(_body_elements(document.find(f"{_W}body")))
        # counted even when the paragraph is empty, as Word does; here, where a damaged numbering
        # or styles part (parsed on first need) is a damaged file
        labels = [numbering.label(element) if element.tag == f"{_W}p" else "" for element in body]
    except UnreadableInput:
        raise
    except zipfile.BadZipFile:
        raise UnreadableInput(path, "corrupt .docx: the zip archive is damaged or truncated") from None
    except (KeyError, TypeError):
        raise UnreadableInput(path, "corrupt .docx: no Word document inside the zip archive") from None
    except (etree.XMLSyntaxError, ValueError) as exc:
        detail = str(exc).splitlines()[0][:80]
        raise UnreadableInput(path, _("corrupt .docx: damaged XML ({detail})").format(detail=detail)) from None
    except Exception as exc:  # noqa: BLE001 — a damaged zip member raises zlib.error, EOFError, …
        detail = type(exc).__name__
        raise UnreadableInput(path, _("corrupt .docx: damaged zip content ({detail})").format(detail=detail)) from None
    out: list[Block] = []
    paragraph = table = 0
    for element, label in zip(body, labels, strict=True):
        if element.tag == f"{_W}tbl":
            table += 1
            add_table(out, _rows(element, table), lex)
            continue
        paragraph += 1
        for n, line in enumerate(_text(element).split("\n")):
            append_block(out, (label if n == 0 else "") + line, paragraph=paragraph)
    return out, None


def _check_unpacked_size(archive: zipfile.ZipFile, path: Path) -> None:
    members = archive.infolist()
    biggest = max(members, key=lambda info: info.file_size, default=None)
    if biggest is not None and biggest.file_size > MAX_PART_BYTES:
        raise UnreadableInput(
            path,
            _(
                "{part} inside unpacks to {size} MB, over the {most} MB zxparse reads (a zip bomb? limit docx_part_bytes)"
            ).format(part=biggest.filename, size=biggest.file_size >> 20, most=MAX_PART_BYTES >> 20),
        )
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        most = MAX_UNPACKED_BYTES >> 20
        reason = _("unpacks to over {most} MB, the most zxparse reads (a zip bomb? limit docx_unpacked_bytes)")
        raise UnreadableInput(path, reason.format(most=most))
    # XML is parsed whole and walked: 20 MB of it took 84 s and 2.9 GB; pictures are never parsed
    parts = (info for info in members if info.filename.endswith((".xml", ".rels")))
    xml = max(parts, key=lambda info: info.file_size, default=None)
    if xml is not None and xml.file_size > limit("docx_xml_bytes"):
        raise over(
            path,
            "docx_xml_bytes",
            _("{part} inside unpacks to {size} MB of XML").format(part=xml.filename, size=xml.file_size >> 20),
        )


# As python-docx parses a part: whitespace between elements dropped, entities not resolved.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _parts(archive: zipfile.ZipFile, data: bytes) -> tuple[etree._Element, WordNumbering]:
    """The main document's root element and its numbering (from its numbering and styles parts of
    the package `data`). KeyError when the package names no main document or the part is missing;
    TypeError when the main part is no Word document (a workbook renamed .docx)."""
    main = _related(archive, "", "/officeDocument")
    if main is None:
        raise KeyError("officeDocument")
    document = _xml(archive, main)
    if document.tag != f"{_W}document" or document.find(f"{_W}body") is None:
        raise TypeError(document.tag)
    numbering, styles = (_related(archive, main, kind) for kind in ("/numbering", "/styles"))
    return document, WordNumbering(partial(_part, data, numbering), partial(_part, data, styles))


def _part(data: bytes, name: str | None) -> etree._Element | None:
    """Part `name` of the package `data`, parsed (None when there is none), unpacked only when a
    paragraph first needs it, from the archive opened again: a styles part may unpack to 350 KB
    (python-docx's) that no paragraph of a plan written without styles reads."""
    if not name:
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _xml(archive, name)


def _related(archive: zipfile.ZipFile, source: str, kind: str) -> str | None:
    """The part that `source` ('' for the package) relates to with a relationship type ending in
    `kind`, as a name in the archive; None when it has none or the part is absent."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return None
    for rel in _xml(archive, rels).iter(_RELATIONSHIPS):
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            return part if part in archive.NameToInfo else None
    return None


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return _parsed(archive.read(name))


def _parsed(xml: bytes | None) -> etree._Element | None:
    return etree.fromstring(xml, _PARSER) if xml else None


def _body_elements(parent) -> Iterator:
    """Paragraphs and tables in body order, including those inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_elements(content)


def _text(element) -> str:
    """The text a reader sees: tracked insertions in, deletions out; soft breaks as newlines."""
    return "".join(_pieces(element))


# Paragraph and run properties hold no text: they are passed over without a look inside.
_PASSED = _UNSEEN | {f"{_W}pPr", f"{_W}rPr"}
_T, _BREAKS, _TAB = f"{_W}t", (f"{_W}br", f"{_W}cr"), f"{_W}tab"


def _pieces(element) -> Iterator[str]:
    for child in element.iterchildren():
        tag = child.tag
        if tag in _PASSED:
            continue
        if tag == _T:
            yield child.text or ""
        elif tag in _BREAKS:
            yield "\n"
        elif tag == _TAB:
            yield " "
        else:
            yield from _pieces(child)


def _rows(tbl, number: int) -> list[Row]:
    """Each row's cells, one per grid column: a cell spanning columns (w:gridSpan) repeated in each,
    one merged from the row above (w:vMerge without 'restart') the cell above it."""
    rows: list[Row] = []
    above: dict[int, str] = {}  # grid column → its text in the row before
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        cells: dict[int, str] = {}
        column = int(_property(tr, "trPr", "gridBefore") or 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(int(_property(tc, "tcPr", "gridSpan") or 1), 1)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            text = above.get(column, "") if continued else "\n".join(_text(p) for p in tc.iter(f"{_W}p"))
            for offset in range(column, column + span):
                cells[offset] = text
            column += span
        rows.append((list(cells.values()), {"table": number, "row": r}))
        above = cells
    return rows


def _property(element, properties: str, name: str) -> str | None:
    """The w:val of `name` in `element`'s properties ('tcPr', 'gridSpan'), if it is a number."""
    value = element.find(f"{_W}{properties}/{_W}{name}")
    value = value.get(f"{_W}val") if value is not None else None
    return value if value and value.isdigit() else None
