"""The working document: what the stages read and annotate, apart from the output contract.

One `Document` is carried through the pipeline's stages (pipeline.STAGES). Each stage reads what
it needs of it and adds what it finds; `to_plan` makes the contract's `Plan` of it at the end.

    Document
      source, lexicon, options   what was read, with what, how (set before the first stage)
      raw                        read      the reader's blocks, as the page gave them
      blocks                     clean     the blocks that are the document (each folds its text once)
      outline, facts             outline   nodes + preamble; sections that keep their blocks; what the
                                           headings say, read once for all the items under them
      meta                       meta      title, kind, year, organization …
      drafts, placeholders       items     the items found, with their fields, owners and time
      items                      classify  the items with their topic, forms, domains and leaders;
                                 keys      then the owner the title names, the time section's times,
                                           each item's stable key
      declared_counts            counts    the counts the document declares, reconciled
      diagnostics                every stage, under its own name
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .blocks import Block
from .clean import fingerprint
from .items import Facts, ItemDraft
from .lexicon import Lexicon
from .models import DeclaredCount, Diagnostic, Item, Meta, Node, Plan, Source
from .outline import Outline


@dataclass(frozen=True)
class Options:
    """How a parse runs: `skip` names cleaners to leave out (`zxparse stages` lists them); `tuning`
    sets numbers that tune the rules (`data/options.yaml`'s names) for this parse, over the files'."""

    skip: frozenset[str] = frozenset()
    tuning: Mapping[str, float] = field(default_factory=dict)


@dataclass
class Document:
    source: Source
    raw: list[Block]
    lexicon: Lexicon
    options: Options = Options()
    blocks: list[Block] = field(default_factory=list)
    outline: Outline | None = None
    facts: Facts | None = None
    meta: Meta | None = None
    drafts: list[ItemDraft] = field(default_factory=list)
    placeholders: list[Node] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    declared_counts: list[DeclaredCount] = field(default_factory=list)
    diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)  # stage name → what it found
    # What the document holds so far (the stage table's names): what it was made with, then what each
    # stage `pipeline.run` ran added; a stage whose needs are not all here is refused before it runs.
    present: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        given = {name for name in _STAGE_FIELDS if getattr(self, name) not in (None, [])}
        self.present |= {"raw"} | given


# The fields the stages add, which a document built by hand may be given instead.
_STAGE_FIELDS = ("blocks", "outline", "facts", "meta", "drafts", "placeholders", "items", "declared_counts")


def to_plan(doc: Document) -> Plan:
    """The contract's plan of a document the stages have run over."""
    return Plan(
        source=doc.source.model_copy(update={"fingerprint": fingerprint(doc.blocks)}),
        meta=doc.meta,
        outline=doc.outline.nodes,
        items=doc.items,
        declared_counts=doc.declared_counts,
        diagnostics=[d for found in doc.diagnostics.values() for d in found],
    )
