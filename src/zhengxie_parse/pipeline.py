"""The pipeline, one direction: read → clean → outline → meta → items (+ classify) → Plan.

Meta comes before items because what the document is decides what its items are: an agenda
lists plans by name and has none of its own."""

from __future__ import annotations

from pathlib import Path

from .blocks import Block
from .clean import clean, fingerprint
from .items import extract_items
from .lexicon import Lexicon, default_lexicon
from .limits import document_budget
from .meta import extract_meta, meta_diagnostics
from .models import Plan, Source
from .outline import build_outline
from .read import detect, read, read_bytes

def parse_file(path: Path | str, lexicon: Lexicon | None = None) -> Plan:
    """The plan in the file at `path`; raises a ZxError subclass for input it cannot read."""
    lex = lexicon or default_lexicon()
    with document_budget(path):  # one budget for the read and the parse
        source, blocks = read(path, lex)
        return parse_blocks(source, blocks, lex)


def parse_bytes(data: bytes, name: str = "<bytes>", *, lexicon: Lexicon | None = None, fmt: str | None = None) -> Plan:
    """The plan in `data` (standard input, a download, a database blob) read as `fmt` — by default
    what the bytes say: PDF, .docx, .doc or HTML by their signature, else text. `name` stands for the
    path in messages and in `source.path`."""
    if isinstance(name, Lexicon):  # the lexicon is a keyword here: `name` comes second, as in a message
        raise TypeError("parse_bytes/parse_text take the lexicon as lexicon=…, not as the second argument")
    lex = lexicon or default_lexicon()
    with document_budget(name):
        source, blocks = read_bytes(data, name, lex, fmt or detect(data))
        return parse_blocks(source, blocks, lex)


def parse_text(text: str, name: str = "<text>", *, lexicon: Lexicon | None = None) -> Plan:
    """The plan in a document already decoded to text."""
    return parse_bytes(text.encode("utf-8"), name, lexicon=lexicon, fmt="txt")


def parse_blocks(source: Source, blocks: list[Block], lexicon: Lexicon | None = None) -> Plan:
    lex = lexicon or default_lexicon()
    with document_budget(source.path):
        cleaned, clean_diags = clean(blocks, lex)
        outline = build_outline(cleaned, lex)
        meta = extract_meta(outline.preamble, outline.nodes, cleaned, blocks, lex)
        found = extract_items(outline.nodes, lex, outline.preamble, meta.doc_kind, meta.title)
    return Plan(
        source=source.model_copy(update={"fingerprint": fingerprint(cleaned)}),
        meta=meta,
        outline=outline.nodes,
        items=found.items,
        declared_counts=found.declared_counts,
        diagnostics=clean_diags + outline.diagnostics + meta_diagnostics(meta) + found.diagnostics,
    )
