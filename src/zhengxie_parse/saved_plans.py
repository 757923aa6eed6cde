"""Saved plans read back — for `validate`, `show`, `diff`, `extract`/`view` given a plan, a batch's
up-to-date check and corrections files: a plan file's text (a file or standard input, within the
input size limit), its data (JSON, JSON Lines or YAML, within what a plan can hold) and its plans.
Writing them is output.py's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .batch_files import BATCH_REPORT
from .errors import InputNotFound, UnreadableInput
from .formats import suffixes
from .i18n import _
from .limits import check_shape
from .models import Plan
from .schema_errors import dotted, schema_message

PLAN_SUFFIXES = tuple(suffixes(("plan",)))  # .json .jsonl .yaml .yml: the plan formats zxparse writes


def plan_files(paths: list[Path]) -> list[Path]:
    """The plan files named, a directory standing for every plan file under it ('-' is stdin)."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in PLAN_SUFFIXES and p.name != BATCH_REPORT)
        else:
            found.append(path)
    return found


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
