"""Stage 1 — read: a file becomes blocks with provenance, plus the `source` record.

The name says which format a file claims to be, the first bytes say what it is; they disagree
often enough in government offices (a .doc renamed .docx, an HTML page saved as .pdf) that the
bytes are checked before a reader runs. Readers live in `readers/`, one per format, each imported
with its library only when a file of its format comes (pdfplumber and python-docx are slow to import).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path

from .blocks import Block
from .errors import InputNotFound, UnreadableInput, UnsupportedFormat, shown
from .i18n import _
from .lexicon import Lexicon
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

# The largest document read: real plans are well under 10 MB, even as PDFs with photos; a bigger
# input is refused before it is read, so one file cannot take a batch's memory and hours.
MAX_INPUT_BYTES = 50 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (and every other OLE compound file)
_ZIP = b"PK\x03\x04"
_DESCRIBED = {
    "pdf": "a PDF",
    "docx": "a zip archive (.docx)",
    "doc": "a Word 97–2003 (.doc) file",
    None: "something else",
}


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "a folder, not a document (`zxparse batch FOLDER -o OUT` parses the documents in it)"
    return "no such file" if not path.exists() else "not a regular file"


def read(path: Path | str, lex: Lexicon) -> tuple[Source, list[Block]]:
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path, _not_a_file(path))
    claimed = EXTENSIONS.get(path.suffix.lower())
    if claimed is None:
        supported = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedFormat(
            path,
            _("unsupported file type '{suffix}' (zxparse reads {supported})").format(
                suffix=path.suffix or _("(none)"), supported=supported
            ),
        )
    try:
        check_size(path.stat().st_size, path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputNotFound(path, _("cannot read file ({why})").format(why=exc.strerror)) from None
    return read_bytes(data, path, lex, claimed)


def read_bytes(data: bytes, path: Path | str, lex: Lexicon, claimed: str = "txt") -> tuple[Source, list[Block]]:
    """Blocks of `data` (named `path` in messages and in the source record), read as `claimed`."""
    if not data:
        raise UnreadableInput(path, "empty file (0 bytes)")
    check_size(len(data), path)
    fmt = sniff(data, claimed, path)
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
        raise UnreadableInput(
            path, _("too large: over {size} MB, the most zxparse reads").format(size=MAX_INPUT_BYTES >> 20)
        )


def stdin_bytes() -> bytes:
    """Standard input, refused (UnreadableInput) once it is over the limit, the rest left unread."""
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    check_size(len(data), "-")
    return data


def reader(fmt: str):
    """The reader module of `fmt`, imported (with its library) on first use."""
    return importlib.import_module(f".readers.{_READERS[fmt]}", __package__)


def sniff(data: bytes, claimed: str, path: Path | str) -> str:
    """The format to read `data` as: the claimed one, or Word's other format when a .doc and a
    .docx were swapped by renaming; a binary file under the wrong name is refused."""
    actual = _magic(data)
    if claimed in ("docx", "doc") and actual in ("docx", "doc"):
        return actual
    if claimed in ("docx", "doc", "pdf") and actual != claimed:
        raise UnreadableInput(path, f"not a real .{claimed} file: its content is {_DESCRIBED[actual]}")
    return claimed


def detect(data: bytes) -> str:
    """The format of nameless bytes (standard input, a blob): by signature, else text."""
    head = data[:1024].lstrip().lower()
    return _magic(data) or ("html" if head.startswith((b"<!doctype html", b"<html")) else "txt")


def _magic(data: bytes) -> str | None:
    if b"%PDF-" in data[:1024]:  # some producers put a few junk bytes before the header
        return "pdf"
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        return "doc"
    return None
