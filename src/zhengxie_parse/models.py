"""The output contract as pydantic models; docs/contract.md explains every field.

Field names here are what other tools rely on: rename nothing, add freely. Every constraint a plan
must meet that a JSON Schema can say (enums, ranges, integer types) is said here, so that the schema
`zxparse schema` generates from `Plan` and `zxparse validate` agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from .chinese import fold
from .topic_codes import TOPIC_CODES

SCHEMA_VERSION = "1.2"
# Plans of these versions validate: 1.1 added Item.forms, Item.topic_confidence and four topic types;
# 1.2 adds Item.key (the stable 事项编号), the `corrected` records of a corrections file's fixes, the
# region's place from a gazetteer (Meta.region_code, province, city, county, gazetteer_year), the doc kind work_plan,
# and evidence as spans (SourceRef.start/end, Item.evidence).
SCHEMA_VERSIONS = ("1.0", "1.1", "1.2")

# The topic codes are the keys of the topics lexicon (data/topics.yaml), where each has its Chinese
# label and the terms that name it: a code added there is in the contract and the schema. They come
# from their own generated module, so that reading a plan does not load the lexicon.
TopicCode = Literal[TOPIC_CODES]  # type: ignore[valid-type]
Month = Annotated[int, Field(ge=1, le=12)]
DocKind = Literal[
    "work_points",
    "consultation_plan",
    "work_plan",
    "task_list",
    "notice",
    "compilation",
    "report",
    "news",
    "agenda",
    "rules",
    "call_for_topics",
    "other",
]
Level = Literal["national", "provincial", "municipal", "county", "district", "township"]
Severity = Literal["info", "warning", "error"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where in the input a value comes from: the block index (0-based) and, as the format has them,
    the page and line (.pdf: line on the page; .txt/.html: line in the file) or the paragraph, table
    and row (.docx, 1-based in body order); column (1-based) where a block was split into pieces (headings
    run together in one paragraph); start and end where a value is a span of the line: 0-based character
    offsets, end exclusive, in the block's text as the reader gave it (1.2). Absent coordinates are left out
    of the output."""

    block: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1)
    line: int | None = Field(default=None, ge=1)
    paragraph: int | None = Field(default=None, ge=1)
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    column: int | None = Field(default=None, ge=1)
    start: int | None = Field(default=None, ge=0, description="where the value starts in the line as written (1.2)")
    end: int | None = Field(default=None, ge=0, description="where it ends, exclusive (1.2)")

    @model_serializer(mode="plain")
    def _drop_absent(self) -> dict[str, int]:
        # plain, not wrapping pydantic's serializer: a plan holds several refs an item, and this
        # runs once for each (the coordinates are ints, written as they are)
        return {k: v for k, v in self.__dict__.items() if v is not None}


class Source(_Model):
    path: str
    format: Literal["txt", "docx", "pdf", "html", "doc"]
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    encoding: str | None = None
    fingerprint: str | None = Field(
        default=None,
        pattern="^[0-9a-f]{16}$",
        description="the same document from any format or site has one: a hash of its cleaned text, folded, "
        "with only the characters that carry it (Han, letters, digits)",
    )


class Evidence(_Model):
    """Where a metadata value was read: the title, the body (a plan sentence such as
    '特制订2017年度协商工作计划', the issuing body named in the text) or the page's publication line."""

    origin: Literal["title", "body", "published"]
    text: str = Field(description="the words it was read from, as written")
    source: SourceRef | None = None


class Corrected(_Model):
    """A value a person corrected (a corrections file, applied after parsing): the value it replaced
    and the file that says so; an item added by a correction has `was` null."""

    corrected: Literal[True] = True
    was: Any = Field(default=None, description="the value as parsed (null for an item a correction added)")
    file: str = Field(description="the corrections file, as named when it was applied")


def _uncorrected(corrected: dict) -> bool:
    """`corrected` is left out of the output when nothing was (most plans): no noise in every item."""
    return not corrected


class Meta(_Model):
    title: str | None
    doc_kind: DocKind
    organization: str | None
    level: Level | None
    region: str | None
    region_code: str | None = Field(
        default=None,
        pattern="^[0-9]{6}$",
        description="the 6-digit code of the region's administrative division (contract 1.2); null when "
        "no division is certain (宝山区 alone: 上海 or 双鸭山)",
    )
    province: str | None = Field(default=None, description="the region's province, as the gazetteer writes it")
    city: str | None = Field(
        default=None,
        description="the region's prefecture (市/州/盟/地区); null for a province or a province-level city's district",
    )
    county: str | None = Field(default=None, description="the region's county-level division (区/县/县级市/旗)")
    gazetteer_year: int | None = Field(
        default=None,
        description="the year of the administrative divisions the region was found in (the document's year "
        "where the table has it)",
    )
    year: int | None
    year_text: str | None
    status: Literal["draft"] | None
    issuer: str | None = None
    issued_date: str | None = Field(default=None, description="ISO date, YYYY-MM-DD")
    recipients: list[str] | None = None
    subtitle: str | None = None
    source: SourceRef | None = Field(default=None, description="where the title was read")
    evidence: dict[str, Evidence] = Field(
        default={},
        description="where doc_kind, year and organization (with level and region) were read, and region when "
        "the place of a bare body ('市政协') was read elsewhere (1.2)",
    )
    corrected: dict[str, Corrected] = Field(
        default={},
        description="field → the correction that set it (since 1.2; left out when none)",
        exclude_if=_uncorrected,
    )


class Node(_Model):
    id: str = Field(description="dotted ordinal path, e.g. '2.1'")
    label: str = Field(description="the marker as written, e.g. '（一）'; '' for an unnumbered heading")
    ordinal: int
    level: int = Field(ge=1)
    title: str
    text: str
    children: list[Node] = []
    source: SourceRef
    text_sources: list[SourceRef] = Field(default=[], description="where each line of `text` was read, in order")
    family: str = Field(description="marker family, e.g. 'cn', 'cn_paren', 'arabic', 'heading', 'attachment'")
    unit: str | None = Field(default=None, description="the reporting unit named under an unnumbered heading")
    points: list[str] = Field(default=[], description="run-in enumerations 一是…二是… inside the body")

    # Not fields, not in the output: the title and text as the stages match them, folded once a node.
    @cached_property
    def folded_title(self) -> str:
        return fold(self.title)

    @cached_property
    def folded_text(self) -> str:
        return fold(self.text)


def walk(nodes: list[Node], ancestors: tuple[Node, ...] = ()) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node of an outline in reading order with its ancestors, outermost first."""
    for node in nodes:
        yield node, ancestors
        yield from walk(node.children, (*ancestors, node))


Places = dict[str, tuple[Node, tuple[Node, ...]]]  # node id → the node and its ancestors


def node_places(nodes: list[Node]) -> Places:
    return {node.id: (node, ancestors) for node, ancestors in walk(nodes)}


def headings_of(item: Item, places: Places) -> list[Node]:
    """The headings above an item, outermost first: its node's ancestors, and its node too when the
    item is not the node's own (a point 一是…, a topic read from the node's prose)."""
    node, ancestors = places.get(item.node_id, (None, ()))
    if node is not None and (item.label != node.label or item.source != node.source):
        return [*ancestors, node]
    return list(ancestors)


class Committee(_Model):
    name: str
    canonical: str | None
    source: Literal["explicit", "inferred"]


class Leader(_Model):
    text: str = Field(description="as written, e.g. '区政协副主席孙卫斌'")
    organization: str | None = None
    title: str | None = None
    name: str | None = None


class TimeSpec(_Model):
    text: str
    months: list[Month] = Field(description="the months the time covers, 1–12")
    origin: Literal["field", "title", "text", "schedule", "heading"] = Field(
        default="title",
        description="read from the item's time field, its title, the schedule its text tells, the plan's time"
        " section (时间安排) naming it, or the heading above it",
    )


class Form(_Model):
    """A form of work an item names (专题协商, 调研…), with the words that name it, as written."""

    code: TopicCode
    terms: list[str]


class ItemEvidence(_Model):
    """The words an item's value was read from, and where (1.2): `source` has start and end, the span
    in the line as written, unless the words cross a joined line (then it is null)."""

    field: Literal["title", "topic_terms", "forms", "domain_terms", "committees", "leaders", "counterparts", "time"]
    text: str = Field(description="the words, as written")
    source: SourceRef | None = None


class Item(_Model):
    id: str
    key: str | None = Field(
        default=None,
        description="the stable item key (事项编号): a hash of the titles of the headings above the item and its "
        "own title, so a re-parse of the same or a revised plan keeps it; '-2', '-3' follow a repeat; since 1.2",
    )
    node_id: str | None = Field(description="the outline node; null for an item inferred from prose outside any node")
    label: str
    title: str
    text: str
    topic_type: TopicCode
    topic_type_zh: str
    topic_source: Literal["explicit", "heading", "inferred"]
    topic_terms: list[str] = Field(default=[], description="the words that decided topic_type")
    topic_confidence: Literal["high", "medium", "low"] | None = Field(
        default=None,
        description="how sure topic_type is: low when only the body names it or another type comes close "
        "(a `topic_low_confidence` diagnostic names the item); medium for an inherited theme, a plain-verb "
        "use or several forms; since 1.1 (null in 1.0 plans)",
    )
    forms: list[Form] = Field(
        default=[], description="every form of work the item's own words name, in reading order (since 1.1)"
    )
    domains: list[str]
    domain_terms: dict[str, list[str]] = {}
    committees: list[Committee]
    leaders: list[str]
    leader_details: list[Leader] = Field(default=[], description="each leader split into organization, title, name")
    counterparts: list[str]
    time: TimeSpec | None
    fields: dict[str, str]
    source: SourceRef
    evidence: list[ItemEvidence] = Field(
        default=[],
        description="the span each of title, topic_terms, forms, domain_terms, committees, leaders, counterparts "
        "and time was read from, in that order (1.2)",
    )
    corrected: dict[str, Corrected] = Field(
        default={},
        description="field (title, text, topic_type, committees, leaders, counterparts, time; `item` for an item a "
        "correction added) → the correction that set it (since 1.2; left out when none)",
        exclude_if=_uncorrected,
    )


class DeclaredCount(_Model):
    scope: str | None = Field(description="node id the count applies to, null for the whole document")
    what: str
    count: int = Field(ge=0)
    found: int | None = Field(ge=0, description="items found in scope; null when the count is not about listed items")
    placeholders: int = Field(
        default=0,
        ge=0,
        description="lines in scope that keep a place for items to come ('适当增加协商议题'), not counted in found",
    )
    topic_type: TopicCode | None = Field(
        default=None, description="the form of work counted ('3场专题协商会'), when named"
    )
    text: str
    source: SourceRef


class Diagnostic(_Model):
    code: str
    severity: Severity
    message: str
    source: SourceRef | None = None


class Plan(_Model):
    schema_version: str = Field(
        SCHEMA_VERSION, pattern=r"^1\.\d+$", description=f"the contract's version; plans of {SCHEMA_VERSIONS} validate"
    )
    source: Source
    meta: Meta
    outline: list[Node]
    items: list[Item]
    declared_counts: list[DeclaredCount]
    diagnostics: list[Diagnostic]
