"""Stage 7 — output: a plan as JSON or YAML (UTF-8, never \\uXXXX), as a task sheet (CSV, XLSX),
and its outline as a text tree."""

from __future__ import annotations

import json
from pathlib import Path

from .items import walk
from .models import Plan

FORMATS = ("json", "yaml", "csv", "xlsx")
BINARY = ("xlsx",)  # written to a file only


def to_data(plan: Plan) -> dict:
    return plan.model_dump(mode="json")


def render(plan: Plan, fmt: str = "json") -> str:
    if fmt == "csv":
        from .export import COLUMNS, csv_text, task_rows

        return csv_text(COLUMNS, task_rows(plan))
    data = to_data(plan)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_data(text: str, suffix: str) -> object:
    """The data of a plan file written by `render` (.json, .yaml/.yml); ValueError saying where it
    does not parse."""
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ValueError(f"not valid YAML{f' (line {mark.line + 1})' if mark else ''}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def write(plan: Plan, fmt: str, path: Path) -> None:
    """Write `plan` to `path` as `fmt` (whole or not at all); a CSV gets a BOM so that Excel reads it
    as UTF-8."""
    if fmt in ("csv", "xlsx"):
        from .export import COLUMNS, task_rows, write_table

        write_table(path, {"items": (COLUMNS, task_rows(plan))}, fmt)
    else:
        from .atomic import write_text

        write_text(path, render(plan, fmt))


def tree_lines(plan: Plan, annotate: bool = True) -> list[str]:
    """The outline, one node a line, indented by level; with `annotate`, an item's line adds its
    type and owners."""
    items = {item.node_id: item for item in plan.items} if annotate else {}
    lines = []
    for node, ancestors in walk(plan.outline):
        head = " ".join(filter(None, [node.id, node.label, node.title or "(untitled)"]))
        item = items.get(node.id)
        if item:
            owners = "、".join(c.name for c in item.committees)
            head += f"  → {item.topic_type} ({item.topic_source})" + (f" · {owners}" if owners else "")
        if node.unit:
            head += f"  [{node.unit}]"
        lines.append("  " * len(ancestors) + head)
    return lines


def tree_text(plan: Plan) -> str:
    meta = plan.meta
    header = (
        f"# {meta.title or '(no title)'} — {meta.doc_kind}, {meta.year_text or 'year unknown'}, {len(plan.items)} items"
    )
    return "\n".join([header, *tree_lines(plan)]) + "\n"
