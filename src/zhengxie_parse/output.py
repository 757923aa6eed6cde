"""Stage 7 — output: plans as JSON, JSON Lines or YAML (UTF-8, never \\uXXXX), as a task sheet (CSV,
xlsx, a Word table), and the outline as a text tree. Saved plans are read back by saved_plans.py.

One destination (a file or standard output) holds one plan as an object, several as a list (a JSON
array, a YAML sequence), or one a line (JSON Lines), so that both `jq` and `json.load` read it."""

from __future__ import annotations

from .formats import named
from .i18n import _, lang
from .models import Item, Plan, walk


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
    """The content of one destination holding `plans` in format `fmt` (formats.py): one plan as
    itself, or (`several`, decided by the number of inputs, not of successes, so a script sees one
    shape) all of them in one list or sheet; a Word 任务分解表 holds one table a plan, `attachment` its
    label (附件) above the title. `lex` reads the fields of the task sheets (default: the shipped
    lexicon)."""
    return named(fmt).write(plans, several, lex, attachment)


def json_document(plans: list[Plan], several: bool, lex=None, attachment=None) -> bytes:
    if not several:
        return _one(plans, "json")
    return ("[\n" + ",\n".join(render(p).rstrip("\n") for p in plans) + "\n]\n").encode("utf-8")


def jsonl_document(plans: list[Plan], several: bool, lex=None, attachment=None) -> bytes:
    return "".join(plan.model_dump_json() + "\n" for plan in plans).encode("utf-8")


def yaml_document(plans: list[Plan], several: bool, lex=None, attachment=None) -> bytes:
    if not several:
        return _one(plans, "yaml")
    import yaml

    return yaml.safe_dump([to_data(p) for p in plans], allow_unicode=True, sort_keys=False, width=120).encode()


def _one(plans: list[Plan], fmt: str) -> bytes:
    return render(plans[0], fmt).encode("utf-8") if plans else b""


def sheet_csv(plans: list[Plan], several: bool, lex=None, attachment=None) -> bytes:
    from .export import csv_bytes
    from .tasks import task_sheet

    return csv_bytes(task_sheet(plans, several, lex))


def sheet_xlsx(plans: list[Plan], several: bool, lex=None, attachment=None) -> bytes:
    from .export import xlsx_bytes
    from .tasks import print_layout, task_sheet

    return xlsx_bytes([task_sheet(plans, several, lex)], print_layout)


def word_table(plans: list[Plan], several: bool, lex=None, attachment: str | None = None) -> bytes:
    from .word_table import docx_bytes

    return docx_bytes(plans, lex, attachment)


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
