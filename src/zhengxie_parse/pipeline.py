"""The pipeline: one table of named stages, run in order over one working Document.

read → clean → outline → meta → items → classify → keys → counts → Plan. Each stage names what of the
Document it needs and what it adds, so `zxparse stages` can list them and a test can run one on a
document built by hand. Meta comes before items because what the document is decides what its items
are: an agenda lists plans by name and has none of its own. Clean is the cleaners of
`clean.CLEANERS` in order, each a named sub-step a user can switch off (`Options(skip=…)`, `--skip`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .blocks import Block
from .clean import CLEANERS, clean
from .document import Document, Options, to_plan
from .errors import EXIT_USAGE, ZxError
from .i18n import _
from .items import Facts, classified, count_items, find_items, low_confidence, placeholder_diagnostics, settled
from .lexicon import Lexicon, default_lexicon
from .limits import OPTIONS_ENV, document_budget, tuned
from .limits import options as tuning
from .meta import extract_meta, meta_diagnostics
from .models import Plan, Source
from .outline import build_outline
from .read import detect, read, read_bytes


class Stage(NamedTuple):
    name: str
    run: Callable[[Document], None]
    needs: tuple[str, ...]  # the Document's fields it reads
    adds: tuple[str, ...]  # the fields it sets
    zh: str  # what a person reads in `zxparse stages`


def _clean(doc: Document) -> None:
    doc.blocks, doc.diagnostics["clean"] = clean(doc.raw, doc.lexicon, doc.options.skip)


def _outline(doc: Document) -> None:
    doc.outline = build_outline(doc.blocks, doc.lexicon)
    doc.facts = Facts(doc.lexicon, doc.outline.sections)
    doc.diagnostics["outline"] = doc.outline.diagnostics


def _meta(doc: Document) -> None:
    doc.meta = extract_meta(doc)
    doc.diagnostics["meta"] = meta_diagnostics(doc.meta)


def _items(doc: Document) -> None:
    doc.drafts, doc.placeholders = find_items(doc.outline, doc.lexicon, doc.facts, doc.meta.doc_kind)
    doc.diagnostics["items"] = placeholder_diagnostics(doc.placeholders)


def _classify(doc: Document) -> None:
    doc.items = [classified(draft, doc.lexicon, doc.facts) for draft in doc.drafts]
    doc.diagnostics["classify"] = low_confidence(doc.items)


def _keys(doc: Document) -> None:
    doc.items = settled(doc.items, doc.outline.nodes, doc.meta.title, doc.lexicon, doc.facts)


def _counts(doc: Document) -> None:
    found = count_items(doc.outline, doc.items, doc.placeholders, doc.lexicon, doc.facts)
    doc.declared_counts, doc.diagnostics["counts"] = found


# What `read` does, run before a Document exists (parse_file, parse_bytes): the stages run after it.
READ = ("read", "读取：由文件得到带出处的文本块", ("file",), ("raw",))
STAGES: tuple[Stage, ...] = (
    Stage("clean", _clean, ("raw",), ("blocks",), "清理：去掉非正文内容，接回被版面断开的行"),
    Stage("outline", _outline, ("blocks",), ("outline", "facts"), "大纲：由中文编号建出层级"),
    Stage("meta", _meta, ("raw", "blocks", "outline"), ("meta",), "元数据：标题、类别、年份、单位"),
    Stage("items", _items, ("outline", "facts", "meta"), ("drafts", "placeholders"), "事项：找出计划事项及其字段"),
    Stage("classify", _classify, ("drafts", "facts"), ("items",), "分类：议题类型、形式、领域、领导"),
    Stage(
        "keys", _keys, ("items", "outline", "meta", "facts"), ("items",), "归属与编号：标题所属委室、时间安排、稳定编号"
    ),
    Stage(
        "counts",
        _counts,
        ("outline", "facts", "items", "placeholders"),
        ("declared_counts",),
        "数目核对：声明的项数与找到的事项",
    ),
)


class OptionsError(ZxError):
    # a cleaner or option that does not exist, or a tuning that is no number: a mistake in how zxparse was run
    exit_code = EXIT_USAGE


class StageOutOfOrder(ZxError):
    exit_code = EXIT_USAGE  # a stage run before what it reads was made: a mistake in the caller's list


def checked(options: Options) -> Options:
    """`options`, or a usage error naming the first cleaner it skips or option it tunes that does not
    exist, or a tuning that is no number above 0."""
    unknown = sorted(options.skip - set(CLEANERS))
    if unknown:
        names = ", ".join(CLEANERS)
        raise OptionsError(
            "--skip", _("no cleaner named {name} (the cleaners are {names})").format(name=unknown[0], names=names)
        )
    unknown = sorted(set(options.tuning) - set(tuning()))
    if unknown:
        names = ", ".join(tuning())
        raise OptionsError(
            "tuning", _("no option named {name} (the options are {names})").format(name=unknown[0], names=names)
        )
    for name, value in options.tuning.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise OptionsError("tuning", _("{name}: an option is a number above 0").format(name=name))
    return options


def parse_print(lexicon: Lexicon, options: Options | None = None) -> str:
    """How documents are parsed besides the build, for a batch's up-to-date check: the lexicon's
    fingerprint, followed, when cleaners are skipped or options are tuned (a file, or the parse's own), by a
    hash of those."""
    options = options or Options()
    tuned = os.environ.get(OPTIONS_ENV)
    if not options.skip and not tuned and not options.tuning:
        return lexicon.fingerprint
    how = json.dumps([sorted(options.skip), tuning() if tuned else None, dict(options.tuning)], sort_keys=True)
    return f"{lexicon.fingerprint}+{hashlib.sha256(how.encode()).hexdigest()[:12]}"


def run(doc: Document, stages: Iterable[Stage] = STAGES) -> Document:
    """`doc` with `stages` run over it in order, within the document's budget; a stage whose needs
    the document does not hold yet is refused (StageOutOfOrder) before it runs."""
    checked(doc.options)
    with document_budget(doc.source.path), _no_collection(), tuned(doc.options.tuning):
        for stage in stages:
            missing = [name for name in stage.needs if name not in doc.present]
            if missing:
                why = _("it needs {names}, which no stage before it added").format(names=", ".join(missing))
                raise StageOutOfOrder(stage.name, why)
            stage.run(doc)
            doc.present.update(stage.adds)
    return doc


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic collector off while the stages run: they make objects that nearly all live until
    the parse ends, so a collection midway frees nothing and walks them all (a third of a 1 MB
    plan's parse). Reference counting still frees what dies; any cycle waits for the next collection."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def parse_file(path: Path | str, lexicon: Lexicon | None = None, *, options: Options | None = None) -> Plan:
    """The plan in the file at `path`; raises a ZxError subclass for input it cannot read."""
    lex = lexicon or default_lexicon()
    with document_budget(path):  # one budget for the read and the parse
        source, blocks = read(path, lex)
        return parse_blocks(source, blocks, lex, options=options)


def parse_bytes(
    data: bytes,
    name: str = "<bytes>",
    *,
    lexicon: Lexicon | None = None,
    fmt: str | None = None,
    options: Options | None = None,
) -> Plan:
    """The plan in `data` (standard input, a download, a database blob) read as `fmt` — by default
    what the bytes say: PDF, .docx, .doc or HTML by their signature, else text. `name` stands for the
    path in messages and in `source.path`."""
    if isinstance(name, Lexicon):  # the lexicon is a keyword here: `name` comes second, as in a message
        raise TypeError("parse_bytes/parse_text take the lexicon as lexicon=…, not as the second argument")
    lex = lexicon or default_lexicon()
    with document_budget(name):
        source, blocks = read_bytes(data, name, lex, fmt or detect(data))
        return parse_blocks(source, blocks, lex, options=options)


def parse_text(
    text: str, name: str = "<text>", *, lexicon: Lexicon | None = None, options: Options | None = None
) -> Plan:
    """The plan in a document already decoded to text."""
    return parse_bytes(text.encode("utf-8"), name, lexicon=lexicon, fmt="txt", options=options)


def parse_blocks(
    source: Source, blocks: list[Block], lexicon: Lexicon | None = None, *, options: Options | None = None
) -> Plan:
    doc = Document(source, blocks, lexicon or default_lexicon(), options or Options())
    return to_plan(run(doc))
