"""Word .docx: paragraphs and tables in body order, automatic numbering rendered as its label.

Headers and footers are not read (they repeat on every page and are not the plan). A paragraph
with soft line breaks gives one block per line; every block records its 1-based paragraph number,
and table rows their table and row numbers (python-docx repeats a merged cell in every grid
column and every row it spans, which is what the table reader expects).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import XMLSyntaxError

from ..blocks import Block, append_block
from ..errors import UnreadableInput
from ..lexicon import Lexicon
from .tables import Row, add_table
from .word_numbering import numbering_of

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Subtrees whose text a reader of the final document does not see: tracked deletions and moves
# away, the fallback copy of a drawing (Word stores text boxes twice), and text boxes themselves
# (a red-letter header '政协××委员会文件' floats in one).
_UNSEEN = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}
_UNSEEN.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")


# What a .docx may unpack to. Real plans' document.xml are a few MB; a zip bomb (a 4 MB file whose
# document.xml unpacks to 1 GB) is refused from the sizes the archive declares, before anything is
# unpacked — Python's zipfile never unpacks more than a member declares.
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:

    try:
        _check_unpacked_size(data, path)
        document = docx.Document(io.BytesIO(data))
        numbering = numbering_of(document)
        body = list(_body_elements(document.element.body))
    except UnreadableInput:
        raise
    except zipfile.BadZipFile:
        raise UnreadableInput(path, "corrupt .docx: the zip archive is damaged or truncated") from None
    except (PackageNotFoundError, KeyError):
        raise UnreadableInput(path, "corrupt .docx: no Word document inside the zip archive") from None
    except (XMLSyntaxError, ValueError) as exc:
        raise UnreadableInput(path, f"corrupt .docx: damaged XML ({str(exc).splitlines()[0][:80]})") from None
    except Exception as exc:  # noqa: BLE001 — a damaged zip member raises zlib.error, EOFError, …
        raise UnreadableInput(path, f"corrupt .docx: damaged zip content ({type(exc).__name__})") from None
    out: list[Block] = []
    paragraph = table = 0
    for element in body:
        if element.tag == f"{_W}tbl":
            table += 1
            add_table(out, _rows(element, document, table), lex)
            continue
        paragraph += 1
        label = numbering.label(element)  # counted even when the paragraph is empty, as Word does
        for n, line in enumerate(_text(element).split("\n")):
            append_block(out, (label if n == 0 else "") + line, paragraph=paragraph)
    return out, None


def _check_unpacked_size(data: bytes, path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    biggest = max(members, key=lambda info: info.file_size, default=None)
    if biggest is not None and biggest.file_size > MAX_PART_BYTES:
        raise UnreadableInput(
            path,
            f"{biggest.filename} inside unpacks to {biggest.file_size >> 20} MB, over the "
            f"{MAX_PART_BYTES >> 20} MB zxparse reads (a zip bomb?)",
        )
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise UnreadableInput(
            path, f"unpacks to over {MAX_UNPACKED_BYTES >> 20} MB, the most zxparse reads (a zip bomb?)"
        )


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


def _pieces(element) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag in _UNSEEN:
            continue
        if child.tag == f"{_W}t":
            yield child.text or ""
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif child.tag == f"{_W}tab":
            yield " "
        else:
            yield from _pieces(child)


def _rows(tbl, document, number: int) -> list[Row]:

    table = Table(tbl, document._body)
    return [
        (["\n".join(_text(p) for p in cell._tc.iter(f"{_W}p")) for cell in row.cells], {"table": number, "row": r})
        for r, row in enumerate(table.rows, start=1)
    ]
