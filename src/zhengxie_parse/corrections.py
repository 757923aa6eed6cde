"""Corrections that survive a re-parse: a person's fixes to a plan, kept in a small YAML file keyed by
the document and by each item's stable key (事项编号, never its position), applied as a step after
parsing — so a plan revised from 草案 to 定稿 and parsed again keeps every fix that still applies.

    zxparse_corrections: 1
    document: {file: 2024年工作要点.docx, sha256: 5d41…}   # which document (either may be left out)
    meta: {title: 2024年政协工作要点, year: 2024}
    items:
      3F2A91C0: {topic_type: democratic_supervision, committees: [提案委], time: 7月, note: 营商环境民主监督}
      0B1C2D3E: drop
    add:
      - {line: 5．开展乡村振兴专题调研, topic_type: research, committees: [农业农村委]}

An item's fields: title, text, topic_type (a code), committees (leading units), leaders,
counterparts (协商部门), time (as written); `note` is for the person reading the file (the title the
item had). `drop` removes an item; `add` makes one from the document's line that starts as `line`
says. Each value set says so in the plan (`corrected`: the value it replaced and the file); a
correction that no longer matches — its item or line is gone, the document changed — is a warning
naming it (`correction_stale`), never dropped silently.

Which file applies: `--corrections FILE` (to every document given, or those it names when several
are), `--corrections DIR` (its *.corrections.yaml files, each to the document it names by sha256 or
file name, or `<stem>.corrections.yaml` to the document of that stem), else `<stem>.corrections.yaml`
beside the document (or beside the saved plan)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .chinese import fold
from .classify import committee, leaders_in
from .correction_files import SUFFIX, beside, beside_files
from .diagnostics import diagnostic
from .errors import UnreadableInput
from .i18n import _
from .items import item_key, parse_time, standalone_item
from .lexicon import Lexicon, default_lexicon
from .models import Committee, Corrected, Diagnostic, DocKind, Item, Level, Plan, TimeSpec, TopicCode, node_places, walk
from .outline import point_title
from .schema_errors import dotted, schema_message

VERSION = 1
ITEM_FIELDS = ("title", "text", "topic_type", "committees", "leaders", "counterparts", "time")
META_FIELDS = ("title", "doc_kind", "organization", "level", "region", "year")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentRef(_Strict):
    file: str | None = Field(default=None, description="the document's file name")
    sha256: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")


class MetaFix(_Strict):
    title: str | None = None
    doc_kind: DocKind | None = None
    organization: str | None = None
    level: Level | None = None
    region: str | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)


class ItemFix(_Strict):
    drop: bool = False
    note: str | None = Field(default=None, description="for a person: the item's title when it was corrected")
    title: str | None = None
    text: str | None = None
    topic_type: TopicCode | None = None
    committees: list[str] | None = None
    leaders: list[str] | None = None
    counterparts: list[str] | None = None
    time: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value):
        return {"drop": True} if value == "drop" else value


class AddedItem(ItemFix):
    line: str = Field(min_length=2, description="the start of the document's line the item is read from, as written")


class CorrectionsFile(_Strict):
    zxparse_corrections: Literal[1]
    document: DocumentRef = DocumentRef()
    meta: MetaFix = MetaFix()
    items: dict[str, ItemFix] = {}
    add: list[AddedItem] = []

    @model_validator(mode="before")
    @classmethod
    def _quoted_keys(cls, value):
        """YAML reads an unquoted key of digits as a number (00012345 even as octal): refused, not guessed."""
        items = value.get("items") if isinstance(value, dict) else None
        numbers = [key for key in items or {} if not isinstance(key, str)] if isinstance(items, dict) else []
        if numbers:
            raise ValueError(
                _('item key {key} must be quoted ("…"): YAML reads a key of digits as a number').format(key=numbers[0])
            )
        return value


@dataclass(frozen=True)
class Corrections:
    path: Path
    fixes: CorrectionsFile

    @property
    def name(self) -> str:
        return self.path.name


def is_corrections(data: object) -> bool:
    """Whether a YAML file's data is a corrections file rather than a plan."""
    return isinstance(data, dict) and "zxparse_corrections" in data


def parse(data: object) -> CorrectionsFile:
    """ValueError naming the first problem ('items.3F2A91C0.topic_type: …')."""
    try:
        return CorrectionsFile.model_validate(data)
    except ValidationError as exc:
        where, message = _each(exc)[0]
        raise ValueError(f"{where}: {message}") from None


def problems(data: object) -> list[tuple[str, str]]:
    """(where, message) of each problem of a corrections file's data, for `zxparse validate`."""
    try:
        CorrectionsFile.model_validate(data)
    except ValidationError as exc:
        return _each(exc)
    return []


def _each(exc: ValidationError) -> list[tuple[str, str]]:
    return [(dotted(err), schema_message(err)) for err in exc.errors()]


def load(path: Path) -> Corrections:
    """The corrections file at `path`; UnreadableInput (exit 5) naming it and what is wrong."""
    from .saved_plans import load_data, plan_text

    try:
        return Corrections(path, parse(load_data(plan_text(path), ".yaml")))
    except ValueError as exc:
        raise UnreadableInput(
            path, _("not a corrections file ({why}; `zxparse validate` lists all)").format(why=exc)
        ) from None


def find(plan: Plan, given: Path | None, inputs: int, named: Path | None = None) -> list[Corrections]:
    """The corrections that apply to `plan`, parsed from `named` (its document or saved plan; None
    for standard input): see the module's docstring. `inputs` is how many documents were given: a
    file given for one document applies to it whatever it names (a revised document has a new
    name and hash)."""
    if given is not None and not given.is_dir():
        found = load(given)
        return [found] if inputs == 1 or _names(found, plan) is not False else []
    if given is not None:
        return [c for c in map(load, sorted(given.glob(f"*{SUFFIX}"))) if _names(c, plan) or _stem_of(c, plan)]
    return [load(p) for p in beside_files(plan, named)]


def _names(found: Corrections, plan: Plan) -> bool | None:
    """Whether the file names this plan's document, by hash or by file name; None when it names none
    (given as a file, it then applies to every document; in a folder, to the one of its stem)."""
    ref = found.fixes.document
    if ref.sha256 is None and ref.file is None:
        return None
    return ref.sha256 == plan.source.sha256 or (
        ref.file is not None and Path(ref.file).name == Path(plan.source.path).name
    )


def _stem_of(found: Corrections, plan: Plan) -> bool:
    return found.name == beside(Path(plan.source.path)).name


# ---------------------------------------------------------------------------------------------------
# Applying


def apply(plan: Plan, found: list[Corrections], lex: Lexicon) -> Plan:
    """`plan` with each file's corrections applied in turn. Applying again (to a saved plan that has
    them) changes nothing and reports nothing stale."""
    for corrections in found:
        plan = _apply(plan, corrections, lex)
    return plan


def _apply(plan: Plan, corrections: Corrections, lex: Lexicon) -> Plan:
    fixes, name = corrections.fixes, corrections.name
    diagnostics = list(plan.diagnostics)
    meta = _set(plan.meta, fixes.meta.model_dump(exclude_unset=True), name)
    if "title" in meta.corrected and meta.source is not None:  # the line it was read from, but not its words
        meta = meta.model_copy(update={"source": meta.source.model_copy(update={"start": None, "end": None})})
    dropped = {d.message.split(" ", 1)[0] for d in plan.diagnostics if d.code == "correction_dropped"}
    items = []
    for item in plan.items:
        fix = fixes.items.get(item.key) if item.key else None  # a plan before 1.2 has no keys to correct by
        if fix is not None and fix.drop:
            diagnostics.append(
                diagnostic("correction_dropped", item.source, key=item.key, title=item.title[:30], file=name)
            )
        else:
            items.append(_fixed(item, fix, name, lex) if fix is not None else item)
    keys = {item.key for item in plan.items} | dropped
    for key, fix in fixes.items.items():
        if key not in keys:
            what = f"'{fix.note}'" if fix.note else ("a dropped item" if fix.drop else "an item")
            diagnostics.append(diagnostic("correction_stale", file=name, what=f"item {key} ({what})"))
    for added in fixes.add:
        items, stale = _added(plan, items, added, name, lex)
        diagnostics += [stale] if stale else []
    items = [item.model_copy(update={"id": f"item-{n}"}) for n, item in enumerate(items, start=1)]
    return plan.model_copy(update={"meta": meta, "items": items, "diagnostics": diagnostics})


def _set(model, values: dict, name: str):
    """`model` with `values` set, each that changes it recorded in its `corrected` with the value it
    replaced (a value already set so, by this correction applied before, keeps its record)."""
    changed = {field: value for field, value in values.items() if getattr(model, field) != value}
    records = {field: Corrected(was=_plain(getattr(model, field)), file=name) for field in changed}
    return model.model_copy(update={**changed, "corrected": {**model.corrected, **records}})


def _plain(value):
    """A parsed value as it goes in the plan's JSON (a list of committees as their names)."""
    if isinstance(value, list):
        return [v.name if isinstance(v, Committee) else v for v in value]
    return value.text if isinstance(value, TimeSpec) else value


def _fixed(item: Item, fix: ItemFix, name: str, lex: Lexicon) -> Item:
    values = fix.model_dump(include=set(ITEM_FIELDS), exclude_unset=True)
    current = {field: _plain(getattr(item, field)) for field in values}
    changed = {field: value for field, value in values.items() if current[field] != value}
    if not changed:
        return item
    update = _values(changed, lex) | {"evidence": _evidence_kept(item, changed)}
    records = {field: Corrected(was=current[field], file=name) for field in changed}
    return item.model_copy(update={**update, "corrected": {**item.corrected, **records}})


def _evidence_kept(item: Item, changed: dict) -> list:
    """The item's evidence but that of the values a person set: the text no longer says them."""
    return [e for e in item.evidence if e.field not in changed]


def _values(changed: dict, lex: Lexicon) -> dict:
    """The item fields a correction's values set, as the plan holds them: a type with its Chinese
    label (and high confidence: a person decided), committees with their families, leaders split,
    a time with its months."""
    update = {k: v for k, v in changed.items() if k in ("title", "text", "counterparts")}
    if "topic_type" in changed:
        code = changed["topic_type"]
        update |= {"topic_type": code, "topic_type_zh": lex.topics[code].zh, "topic_confidence": "high"}
    if "committees" in changed:
        update["committees"] = [
            committee(n, lex) or Committee(name=n, canonical=None, source="explicit") for n in changed["committees"]
        ]
    if "leaders" in changed:
        details = leaders_in(changed["leaders"], lex)
        update |= {"leaders": [d.text for d in details], "leader_details": details}
    if "time" in changed:
        written = changed["time"]
        found = parse_time(written)
        months = found.months if found and found.text == written else []
        update["time"] = TimeSpec(text=written, months=months, origin="field") if written else None
    return update


def _lines(plan: Plan):
    """Every line the outline holds, in reading order: (node, its text as written, where)."""
    for node, _ancestors in walk(plan.outline):
        yield node, f"{node.label}{node.title}", node.source
        for text, ref in zip(node.text.split("\n"), node.text_sources, strict=False):
            yield node, text, ref


def _added(
    plan: Plan, items: list[Item], added: AddedItem, name: str, lex: Lexicon
) -> tuple[list[Item], Diagnostic | None]:
    """`items` with the item `added` makes, in reading order, read from its line as the parser reads
    an item (its title, type, domains, time; the correction's values over them); or a stale warning
    when no line of the document starts so. Added before (a saved plan corrected already): it is
    corrected again, not repeated."""
    at = _line_starting(plan, added.line)
    if at is None:
        return items, diagnostic(
            "correction_stale", file=name, what=f"a line starting '{added.line}' to add an item from"
        )
    node, line, ref = at
    again = next((n for n, item in enumerate(items) if "item" in item.corrected and item.source == ref), None)
    if again is not None:
        items[again] = _fixed(items[again], added, name, lex)
        return items, None
    _, ancestors = node_places(plan.outline)[node.id]
    heading = ref == node.source
    headings = list(ancestors) if heading else [*ancestors, node]
    title, text = (node.title, node.text) if heading else point_title(line.strip())
    title, text = added.title or title, added.text or text
    names = [n.title for n in reversed(headings)]  # nearest first
    item = standalone_item(node.id, node.label if heading else "", title, text, ref, names, lex)
    keys = {i.key for i in items}
    base = item_key([n.title for n in headings], title)
    key = next(k for k in (base, *(f"{base}-{n}" for n in range(2, len(items) + 3))) if k not in keys)
    values = added.model_dump(include=set(ITEM_FIELDS) - {"title", "text"}, exclude_unset=True)
    record = {"item": Corrected(was=None, file=name)}
    evidence = _evidence_kept(item, values)
    item = item.model_copy(update={"key": key, **_values(values, lex), "evidence": evidence, "corrected": record})
    place = next((n for n, i in enumerate(items) if i.source.block > ref.block), len(items))
    return [*items[:place], item, *items[place:]], None


def _line_starting(plan: Plan, start: str):
    """The outline's first line (node, text, where) that starts as `start` does, folded; a heading's
    line is its marker and title, which may be shorter than what a person copied of it."""
    wanted = fold(start.strip())
    for node, line, ref in _lines(plan):
        text = fold(line.strip())
        if text.startswith(wanted) or (len(text) >= 4 and wanted.startswith(text)):
            return node, line, ref
    return None


def applied(plan: Plan) -> bool:
    """Whether a corrections file was applied to `plan` (a saved plan that says so)."""
    return (
        bool(plan.meta.corrected)
        or any(item.corrected for item in plan.items)
        or any(d.code.startswith("correction_") for d in plan.diagnostics)
    )


def corrected(plan: Plan, given: Path | None, inputs: int, named: Path | None, lex: Lexicon) -> Plan:
    """`plan` with the corrections that apply to it (see `find`)."""
    return apply(plan, find(plan, given, inputs, named), lex)


def page_data(plan: Plan, found: list[Corrections], lex: Lexicon | None = None) -> dict:
    """What the review page needs to let a person correct `plan` and save the file: its document, the
    name to save as (`<stem>.corrections.yaml`, found beside the document on the next run), the
    corrections already applied (merged, later files first), each item's values by key, and the
    topic codes with their Chinese names."""
    lex = lex or default_lexicon()
    merged: dict = {"meta": {}, "items": {}, "add": []}
    for corrections in found:
        fixes = corrections.fixes
        merged["meta"] |= fixes.meta.model_dump(exclude_defaults=True)
        for key, fix in fixes.items.items():
            merged["items"][key] = merged["items"].get(key, {}) | fix.model_dump(exclude_defaults=True)
        merged["add"] += [added.model_dump(exclude_defaults=True) for added in fixes.add]
    document = Path(plan.source.path)
    return {
        "file": beside(document).name,
        "document": {"file": document.name, "sha256": plan.source.sha256},
        "fixes": merged,
        "meta": {field: getattr(plan.meta, field) for field in META_FIELDS},
        "items": {
            item.key: {f: _plain(getattr(item, f)) for f in ITEM_FIELDS if f != "text"}
            for item in plan.items
            if item.key
        },
        "topics": [[code, topic.zh] for code, topic in lex.topics.items()],
    }
