"""Stage 1 — read: a file becomes blocks with provenance, plus the `source` record.

The name says which format a file claims to be, the first bytes say what it is; they disagree
often enough in government offices (a .doc renamed .docx, an HTML page saved as .pdf) that the
bytes are checked before a reader runs. Readers live in `readers/`, one per format, each imported
with its library only when a file of its format comes (pdfplumber and python-docx are slow to import).
"""

from __future__ import annotations

import codecs
import hashlib
import importlib
import sys
from pathlib import Path

from .blocks import Block
from .errors import InputNotFound, UnreadableInput, UnsupportedFormat, shown
from .i18n import _
from .lexicon import Lexicon
from .limits import document_budget, limit
from .models import Source

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
}
# format → module in readers/ with `blocks(data, path, lexicon) -> (blocks, encoding or None)`;
# the lexicon names the header cells of plan tables
_READERS = {"txt": "text", "docx": "word", "doc": "doc", "pdf": "pdf", "html": "web"}

# The largest document read (data/limits.yaml): a bigger input is refused before it is read, so one
# file cannot take a batch's memory and hours.
MAX_INPUT_BYTES = int(limit("document_bytes"))

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (and every other OLE compound file)
_ZIP = b"PK\x03\x04"
_WORD_PART = b"word/"  # a .docx's parts, named in the zip's local headers near its start; a workbook's are xl/


def _not_read(actual: str) -> str:
    """What a file of a name zxparse does not know is, when its first bytes say it is no document it
    reads (a function: in the language chosen)."""
    return {
        "docx": _("a zip archive with no Word document in it: a workbook, a presentation, an archive"),
        "doc": _("an OLE compound file: a .wps, .xls or .ppt, or a Word 97–2003 file to be named .doc"),
        "txt": _("text, under a name that is no document's"),
    }[actual]


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return _("a folder, not a document (`zxparse batch FOLDER -o OUT` parses the documents in it)")
    return _("no such file") if not path.exists() else _("not a regular file")


def read(path: Path | str, lex: Lexicon) -> tuple[Source, list[Block]]:
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path, _not_a_file(path))
    if is_lock_file(path):
        raise UnsupportedFormat(path, LOCK_FILE)
    try:
        check_size(path.stat().st_size, path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputNotFound(path, _("cannot read file ({why})").format(why=exc.strerror)) from None
    return read_bytes(data, path, lex, claimed_format(path, data[:HEAD_BYTES]))


LOCK_FILE = "Word's lock file (~$…), not a document"
HEAD_BYTES = 4096  # enough of a file to tell its kind by


def is_lock_file(path: Path) -> bool:
    """Word leaves '~$name.docx' beside a document while it is open: a few bytes of owner name."""
    return path.name.startswith("~$")


def claimed_format(path: Path, head: bytes) -> str:
    """The format a file is read as: its extension's, or for a name zxparse does not know (a page
    saved as .jsp or .aspx, a file with no extension) what its first bytes are — a PDF, a Word
    document, HTML markup, or for a name with no extension, text. UnsupportedFormat when they are
    none of these (a workbook, a .wps, an image): the reason names what the file is."""
    claimed = EXTENSIONS.get(path.suffix.lower())
    if claimed is not None:
        return claimed
    actual = detect(head)
    if actual in ("pdf", "html") or (actual == "docx" and _WORD_PART in head):
        return actual
    if actual == "txt" and not path.suffix and 0 not in head:
        return actual
    kind = _not_read(actual) if 0 not in head or actual != "txt" else _("binary data")
    reason = _("unsupported file type '{suffix}': {kind} (zxparse reads {supported})")
    raise UnsupportedFormat(
        path, reason.format(suffix=path.suffix or _("(none)"), kind=kind, supported=", ".join(sorted(EXTENSIONS)))
    )


def read_bytes(data: bytes, path: Path | str, lex: Lexicon, claimed: str = "txt") -> tuple[Source, list[Block]]:
    """Blocks of `data` (named `path` in messages and in the source record), read as `claimed`."""
    if not data:
        raise UnreadableInput(path, "empty file (0 bytes)")
    check_size(len(data), path)
    fmt = sniff(data, claimed)
    with document_budget(path):
        blocks, encoding = reader(fmt).blocks(data, Path(path), lex)
    source = Source(
        path=shown(path),
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )
    return source, blocks


def check_size(size: int, path: Path | str) -> None:
    """UnreadableInput when a file of `size` bytes is over the limit: checked before it is read."""
    if size > MAX_INPUT_BYTES:
        reason = _("too large: over {size} MB, the most zxparse reads (limit document_bytes)")
        raise UnreadableInput(path, reason.format(size=MAX_INPUT_BYTES >> 20))


def stdin_bytes() -> bytes:
    """Standard input, refused (UnreadableInput) once it is over the limit, the rest left unread."""
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    check_size(len(data), "-")
    return data


def reader(fmt: str):
    """The reader module of `fmt`, imported (with its library) on first use."""
    return importlib.import_module(f".readers.{_READERS[fmt]}", __package__)


def sniff(data: bytes, claimed: str) -> str:
    """The format to read `data` as: what its first bytes say whatever the name claims (a .doc
    and a .docx swapped by renaming, an HTML page saved as .doc, a PDF named .docx, text named .pdf);
    the claimed one when the bytes say nothing more than text (HTML without a doctype is HTML)."""
    actual = detect(data)
    return actual if actual != "txt" or claimed in ("docx", "doc", "pdf") else claimed


def detect(data: bytes) -> str:
    """The format of nameless bytes (standard input, a blob): by signature, else text."""
    head = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    # a page saved by a browser or by Word ('<html xmlns:o=…>'), perhaps after an XML declaration or a comment
    markup = head.startswith(b"<!doctype html") or (head.startswith(b"<") and b"<html" in head)
    return _magic(data) or ("html" if markup else "txt")


def _magic(data: bytes) -> str | None:
    if b"%PDF-" in data[:1024]:  # some producers put a few junk bytes before the header
        return "pdf"
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        return "doc"
    return None
