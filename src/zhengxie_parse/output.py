"""Stage 7 — output: plans as JSON, JSON Lines or YAML (UTF-8, never \\uXXXX), as a task sheet (CSV,
xlsx, a Word table), and the outline as a text tree; reading plan files back for `validate` and `show`.

One destination (a file or standard output) holds one plan as an object, several as a list (a JSON
array, a YAML sequence), or one a line (JSON Lines), so that both `jq` and `json.load` read it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .atomic import make_folder, write_bytes
from .i18n import _, lang
from .limits import check_shape
from .models import Item, Plan, walk
from .schema_errors import dotted, schema_message

# the format a file's name asks for when -f does not say (the CLI's formats are these values)
SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".docx": "docx",
}
BINARY = ("xlsx", "docx")  # never to a terminal


def to_data(plan: Plan) -> dict:
    return plan.model_dump(mode="json")


def render(plan: Plan, fmt: str = "json") -> str:
    """One plan as the text of a .json or .yaml file."""
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(to_data(plan), allow_unicode=True, sort_keys=False, width=120)
    # pydantic's serializer, in Rust, writes what json.dumps(to_data(plan), ensure_ascii=False, indent=2)
    # writes (tests/test_properties.py checks it) several times faster
    return plan.model_dump_json(indent=2) + "\n"


def document(plans: list[Plan], fmt: str, several: bool, lex=None, attachment: str | None = None) -> bytes:
    """The content of one destination holding `plans`: one plan as itself, or (`several`, decided by
    the number of inputs, not of successes, so a script sees one shape) all of them in one list or
    sheet; a Word 任务分解表 holds one table a plan, `attachment` its label (附件) above the title.
    `lex` reads the fields of the task sheets (default: the shipped lexicon)."""
    if fmt in ("csv", "xlsx"):
        from .export import csv_bytes, xlsx_bytes
        from .tasks import print_layout, task_sheet

        sheet = task_sheet(plans, several, lex)
        return csv_bytes(sheet) if fmt == "csv" else xlsx_bytes([sheet], print_layout)
    if fmt == "docx":
        from .word_table import docx_bytes

        return docx_bytes(plans, lex, attachment)
    if fmt == "jsonl":
        return "".join(plan.model_dump_json() + "\n" for plan in plans).encode("utf-8")
    if not several:
        return render(plans[0], fmt).encode("utf-8") if plans else b""
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump([to_data(p) for p in plans], allow_unicode=True, sort_keys=False, width=120).encode()
    return ("[\n" + ",\n".join(render(p, fmt).rstrip("\n") for p in plans) + "\n]\n").encode("utf-8")


def write_file(path: Path, data: bytes) -> None:
    """Every file zxparse writes goes through here: whole or not at all (see atomic.py); OutputError
    when it cannot be written."""
    make_folder(path.parent)
    write_bytes(path, data)


# What a plan file may hold. A plan nests about two levels per outline level (real ones stay under
# 30) and holds about 100 values per item; more is a crafted file: JSON nested 100,000 deep, or a
# 2 KB YAML file whose aliases expand to 10⁹ values ('billion laughs').
MAX_NESTING = 100
MAX_VALUES = 5_000_000


def load_data(text: str, suffix: str) -> object:
    """The data of a plan file (.json, .jsonl, .yaml/.yml; '' for standard input: JSON when it starts
    like JSON, else YAML); JSON Lines come back as a list. ValueError saying where it does not parse,
    or that it nests or expands past what a plan can hold."""
    try:
        data = _parse_data(text, suffix)
    except RecursionError:
        raise ValueError(_("nested deeper than {levels} levels").format(levels=MAX_NESTING)) from None
    check_shape(data, MAX_VALUES, MAX_NESTING)
    if _SURROGATE_ESCAPE.search(text):
        _check_characters(data)
    return data


# A \u escape of half a UTF-16 pair: JSON and YAML read it as a lone surrogate, which is no character
# (no UTF-8 page, terminal or file can hold it); a whole pair is read as the one character it makes.
_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")


def _check_characters(data: object) -> None:
    """ValueError if a text in `data` holds a lone surrogate."""
    try:
        json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError as exc:
        lone = ord(exc.object[exc.start])
        raise ValueError(
            _("holds a lone surrogate ({escape}), which is no character").format(escape=f"\\u{lone:04x}")
        ) from None


def _parse_data(text: str, suffix: str) -> object:
    if suffix in (".yaml", ".yml") or (not suffix and not text.lstrip("\ufeff \t\r\n").startswith(("{", "["))):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ValueError(
                _("not valid YAML (line {line})").format(line=mark.line + 1) if mark else _("not valid YAML")
            ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            reason = _("not valid JSON (line {line}, column {column}: {why})")
            raise ValueError(reason.format(line=exc.lineno, column=exc.colno, why=exc.msg)) from None
    return _json_lines(text)


def _json_lines(text: str) -> list:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        try:
            out += [json.loads(line)] if line.strip() else []
        except json.JSONDecodeError as exc:
            reason = _("not valid JSON Lines (line {line}, column {column}: {why})")
            raise ValueError(reason.format(line=n, column=exc.colno, why=exc.msg)) from None
    return out


def plans_in(data: object) -> list:
    """A plan file holds one plan, or a list of them."""
    return data if isinstance(data, list) else [data]


# How text written by `render` or `document` starts: a JSON object or array, a YAML plan or list.
_PLAN_STARTS = ("{", "[", "schema_version:", "- schema_version:")


def is_plan_text(text: str) -> bool:
    """Whether standard input holds saved plans rather than a document (no plan document starts so)."""
    return text.lstrip("\ufeff \t\r\n").startswith(_PLAN_STARTS)


def read_plans(text: str, suffix: str, name: str) -> list[Plan]:
    """The plans in a plan file's text; UnreadableInput saying why it holds none."""
    from pydantic import ValidationError

    from .errors import UnreadableInput

    try:
        return [Plan.model_validate(data) for data in plans_in(load_data(text, suffix))]
    except ValidationError as exc:
        first = exc.errors()[0]
        reason = _("not a plan ({where}: {why}; `zxparse validate` lists all)")
        raise UnreadableInput(name, reason.format(where=dotted(first), why=schema_message(first))) from None
    except ValueError as exc:
        raise UnreadableInput(name, str(exc)) from None


def plan_text(path: Path) -> str:
    """The text of a saved plan file, or of standard input ('-'): InputNotFound when it cannot be
    read, UnreadableInput when it is over the input size limit or not UTF-8."""
    from .errors import InputNotFound, UnreadableInput
    from .read import check_size, stdin_bytes

    try:
        if str(path) == "-":
            data = stdin_bytes()
        elif not path.exists():
            raise InputNotFound(path, "no such file")
        elif not path.is_file():
            raise InputNotFound(path, "not a regular file")
        else:
            check_size(path.stat().st_size, path)
            data = path.read_bytes()
        return data.decode("utf-8")
    except OSError as exc:
        raise InputNotFound(path, _("cannot read ({why})").format(why=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise UnreadableInput(path, "not UTF-8 text") from None


def load_plans(path: Path) -> list[Plan]:
    """The plans in plan file `path` ('-': standard input): the one loader of saved plans."""
    return read_plans(plan_text(path), path.suffix.lower(), str(path))


def item_note(item: Item) -> str:
    """An item in a few words: its type and where it came from (codes in English, names in Chinese),
    owners, leaders, time."""
    from .html_page import label

    zh = lang() == "zh"
    parts = [
        f"{item.topic_type_zh}（{label('topic_sources', item.topic_source)}）"
        if zh
        else f"{item.topic_type} ({item.topic_source})"
    ]
    if item.committees:
        parts.append("、".join(c.name for c in item.committees))
    if item.leaders:
        parts.append("领导 " + "、".join(item.leaders))
    if item.time:
        parts.append("时间 " + item.time.text)
    return " · ".join(parts)


def tree_lines(plan: Plan, annotate: bool = True) -> list[str]:
    """The outline, one node a line, indented by level; with `annotate`, an item's line adds its
    note, and items inferred from prose outside any node follow the tree."""
    items = {item.node_id: item for item in plan.items} if annotate else {}
    lines = []
    for node, ancestors in walk(plan.outline):
        head = " ".join(filter(None, [node.id, node.label, node.title or _("(untitled)")]))
        item = items.get(node.id)
        if item:
            head += f"  → {item_note(item)}"
        if node.unit:
            head += f"  [{node.unit}]"
        lines.append("  " * len(ancestors) + head)
    if annotate:
        prose = _("(prose)")
        lines += [f"{prose} {item.title}  → {item_note(item)}" for item in plan.items if item.node_id is None]
    return lines


def tree_text(plan: Plan) -> str:
    from .html_page import label

    meta = plan.meta
    header = _("# {title} — {kind}, {year}, {count} items").format(
        title=meta.title or _("(no title)"),
        kind=label("doc_kinds", meta.doc_kind) if lang() == "zh" else meta.doc_kind,
        year=_("{year}").format(year=meta.year_text) if meta.year_text else _("year unknown"),
        count=len(plan.items),
    )
    return "\n".join([header, *tree_lines(plan)]) + "\n"
