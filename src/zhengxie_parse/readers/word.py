"""Word .docx: paragraphs and tables in body order, automatic numbering rendered as its label.

Headers and footers are not read (they repeat on every page and are not the plan). A paragraph
with soft line breaks gives one block per line; every block records its 1-based paragraph number,
and table rows their table and row numbers (python-docx repeats a merged cell in every grid
column and every row it spans, which is what the table reader expects).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..blocks import Block, append_block
from ..errors import UnreadableInput
from ..lexicon import Lexicon
from .tables import add_table
from .word_numbering import numbering_of


def blocks(data: bytes, path: Path, lex: Lexicon) -> tuple[list[Block], None]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = numbering_of(document)
        body = list(document.iter_inner_content())
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
    for part in body:
        if isinstance(part, Table):
            table += 1
            rows = [
                ([cell.text for cell in row.cells], {"table": table, "row": r}) for r, row in enumerate(part.rows, 1)
            ]
            add_table(out, rows, lex)
            continue
        paragraph += 1
        label = numbering.label(part._p)  # counted even when the paragraph is empty, as Word does
        for n, line in enumerate(part.text.split("\n")):
            append_block(out, (label if n == 0 else "") + line, paragraph=paragraph)
    return out, None
