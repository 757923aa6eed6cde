"""Validation of plan files (JSON or YAML): the contract's models, strictly (as the published schema:
no "2021" for a year), then what a schema cannot say — that items point at outline nodes, ids are
unique and nested, levels match depth, Chinese labels match their codes and declared counts add up.
Plans of every version in SCHEMA_VERSIONS validate: a 1.0 plan has no `forms` or `topic_confidence`;
from 1.1 on every item has its confidence. Each problem names the file and a JSON path."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ZxError
from .i18n import _
from .lexicon import Lexicon
from .models import SCHEMA_VERSION, SCHEMA_VERSIONS, Item, Node, Plan
from .saved_plans import load_data, plan_text
from .schema_errors import schema_message


@dataclass(frozen=True)
class Problem:
    where: str  # a JSON path: 'items[3].node_id'
    message: str
    severity: str = "error"  # error | warning (warnings fail only with --strict)


def validate_file(path: Path, lex: Lexicon) -> list[Problem]:
    from .read import EXTENSIONS

    if path.suffix.lower() in EXTENSIONS:  # `validate plan.docx`: the document, where its plan was meant
        return [Problem("$", _("a document, not a plan — run `zxparse extract` first"))]
    try:
        text = plan_text(path)
    except ZxError as exc:
        return [Problem("$", _(exc.reason))]
    return validate_text(text, "" if str(path) == "-" else path.suffix, lex)


def validate_text(text: str, suffix: str, lex: Lexicon) -> list[Problem]:
    """Problems of the plan (or list of plans: paths then start '[2].'), or of the corrections file, in
    a plan file's text."""
    from .corrections import is_corrections, problems

    try:
        data = load_data(text, suffix)
    except ValueError as exc:
        return [Problem("$", str(exc))]
    if is_corrections(data):  # a corrections file (`zxparse_corrections: 1`) is checked as one
        return [Problem(where, message) for where, message in problems(data)]
    if not isinstance(data, list):
        return validate_data(data, lex)
    return [
        Problem(f"[{n}]" + ("" if p.where == "$" else f".{p.where}"), p.message, p.severity)
        for n, plan in enumerate(data)
        for p in validate_data(plan, lex)
    ]


def validate_data(data: object, lex: Lexicon) -> list[Problem]:
    from pydantic import ValidationError

    try:
        plan = Plan.model_validate(data, strict=True)
    except ValidationError as exc:
        return [Problem(_path(err["loc"]), schema_message(err)) for err in exc.errors()]
    return semantic_problems(plan, lex)


def _path(loc: tuple) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.replace("$.", "", 1) if len(out) > 1 else out


def semantic_problems(plan: Plan, lex: Lexicon) -> list[Problem]:
    problems: list[Problem] = []
    if plan.schema_version not in SCHEMA_VERSIONS:  # a later 1.x: read as this one (the schema takes any 1.x)
        message = _("'{version}' is not one of {versions}: checked as {current}").format(
            version=plan.schema_version, versions=", ".join(SCHEMA_VERSIONS), current=SCHEMA_VERSION
        )
        problems.append(Problem("schema_version", message, "warning"))
    nodes: dict[str, Node] = {}
    _check_nodes(plan.outline, "outline", "", 1, nodes, problems)
    for i, item in enumerate(plan.items):
        here = f"items[{i}]"
        if item.node_id is not None and item.node_id not in nodes:
            problems.append(Problem(f"{here}.node_id", _("no outline node '{id}'").format(id=item.node_id)))
        label = lex.topics[item.topic_type].zh
        if label != item.topic_type_zh:
            problems.append(
                Problem(
                    f"{here}.topic_type_zh",
                    _("'{written}' is not '{label}'").format(written=item.topic_type_zh, label=label),
                    "warning",
                )
            )
        problems += _topic_1_1(item, here, plan.schema_version)
    for what, values in (("id", [i.id for i in plan.items]), ("key", [i.key for i in plan.items if i.key])):
        for value, count in Counter(values).items():
            if count > 1:
                problems.append(Problem("items", _used_twice(what, value, count)))
    for i, declared in enumerate(plan.declared_counts):
        here = f"declared_counts[{i}]"
        if declared.scope is not None and declared.scope not in nodes:
            problems.append(Problem(f"{here}.scope", _("no outline node '{id}'").format(id=declared.scope)))
        elif declared.found is not None and declared.found + declared.placeholders != declared.count:
            problems.append(
                Problem(
                    here,
                    _("'{text}' declares {count}, {found} found").format(
                        text=declared.text, count=declared.count, found=declared.found
                    ),
                    "warning",
                )
            )
    if not plan.items and plan.meta.doc_kind in ("work_points", "consultation_plan", "task_list"):
        problems.append(Problem("items", _("a {kind} with no items").format(kind=plan.meta.doc_kind), "warning"))
    return problems


def _used_twice(what: str, value: str, count: int) -> str:
    if what == "id":
        return _("item id '{value}' is used {count} times").format(value=value, count=count)
    return _("item key '{value}' is used {count} times").format(value=value, count=count)


def _topic_1_1(item: Item, here: str, version: str) -> list[Problem]:
    """What contract 1.1 added and a 1.0 plan lacks: every item's topic_confidence."""
    if version != "1.0" and item.topic_confidence is None:
        return [
            Problem(
                f"{here}.topic_confidence",
                _("required since schema_version 1.1 (this plan is {version})").format(version=version),
            )
        ]
    return []


def _check_nodes(
    siblings: list[Node], where: str, parent_id: str, level: int, seen: dict[str, Node], problems: list[Problem]
) -> None:
    for i, node in enumerate(siblings):
        here = f"{where}[{i}]"
        if node.id in seen:
            problems.append(Problem(f"{here}.id", _("node id '{id}' is used twice").format(id=node.id)))
        seen[node.id] = node
        if parent_id and not node.id.startswith(parent_id + "."):
            problems.append(
                Problem(
                    f"{here}.id", _("'{id}' is not under its parent '{parent}'").format(id=node.id, parent=parent_id)
                )
            )
        if node.level != level:
            problems.append(
                Problem(f"{here}.level", _("level {level} at depth {depth}").format(level=node.level, depth=level))
            )
        _check_nodes(node.children, f"{here}.children", node.id, level + 1, seen, problems)
