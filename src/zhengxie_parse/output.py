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


# What a plan file may hold. A plan nests about two levels per outline level (real ones stay under
# 30) and holds about 100 values per item; more is a crafted file: JSON nested 100,000 deep, or a
# 2 KB YAML file whose aliases expand to 10⁹ values ('billion laughs').
MAX_NESTING = 100
MAX_VALUES = 5_000_000


def load_data(text: str, suffix: str) -> object:
    """The data of a plan file written by `render` (.json, .yaml/.yml); ValueError saying where it
    does not parse, or that it nests or expands past what a plan can hold."""
    try:
        data = _parse_data(text, suffix)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_NESTING} levels") from None
    _check_shape(data)
    return data


def _parse_data(text: str, suffix: str) -> object:
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


def _check_shape(data: object) -> None:
    """ValueError if `data` nests deeper than MAX_NESTING, holds more than MAX_VALUES values once
    YAML aliases are expanded, or contains itself. Each shared container is measured once and
    nothing recurses, so a crafted file costs no more than its size."""
    measured: dict[int, tuple[int, int]] = {}  # id → (values, nesting), containers only
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        value, children_done = stack.pop()
        if not isinstance(value, dict | list):
            continue
        children = list(value.values()) if isinstance(value, dict) else value
        if not children_done:
            if id(value) in measured:
                continue
            if id(value) in on_path:
                raise ValueError("contains itself (a YAML alias loop)")
            on_path.add(id(value))
            stack.append((value, True))
            stack += [(child, False) for child in children if isinstance(child, dict | list)]
            continue
        count, depth = 1, 1
        for child in children:
            child_count, child_depth = measured.get(id(child), (1, 0)) if isinstance(child, dict | list) else (1, 0)
            count, depth = count + child_count, max(depth, child_depth + 1)
        if depth > MAX_NESTING:
            raise ValueError(f"nested deeper than {MAX_NESTING} levels")
        if count > MAX_VALUES:
            raise ValueError(f"holds more than {MAX_VALUES:,} values once YAML aliases are expanded")
        measured[id(value)] = (count, depth)
        on_path.discard(id(value))


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
